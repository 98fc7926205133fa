//! Dates as the notice writes them: one day or a range, dotted (`5.25-5.27`) or in Chinese
//! (`5月25日至6月1日`), at the start of a text; see [`parse_date_spec`].

use chrono::NaiveDate;

use super::error::Fault;

/// A date or date range at the start of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DateSpec {
    pub start: NaiveDate,
    /// Inclusive; equal to `start` for a single day.
    pub end: NaiveDate,
    /// Bytes of the text the spec spans.
    pub len: usize,
}

/// One end of a range as written; a missing year or month is taken from context.
struct Point {
    year: Option<u32>,
    month: Option<u32>,
    day: u32,
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn eat(&mut self, set: &[char]) -> bool {
        match self.peek() {
            Some(c) if set.contains(&c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn skip_spaces(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.pos += c.len_utf8();
        }
    }

    /// A run of ASCII or full-width digits (at most 6).
    fn number(&mut self) -> Option<u32> {
        let mut value = None;
        let mut count = 0;
        while let Some(d) = self.peek().and_then(digit_value) {
            if count == 6 {
                break;
            }
            value = Some(value.unwrap_or(0) * 10 + d);
            count += 1;
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
        value
    }
}

fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        c.to_digit(10)
    } else if ('０'..='９').contains(&c) {
        Some(c as u32 - '０' as u32)
    } else {
        None
    }
}

const MONTH_DAY: [char; 4] = ['.', '．', '/', '月'];
const DAY_MARK: [char; 2] = ['日', '号'];
const RANGE: [char; 9] = ['-', '－', '—', '–', '~', '～', '〜', '至', '到'];

/// Reads one end of a range: `2024年5月25日`, `5月25日`, `5.25`, `25日`, `27`.
fn point(c: &mut Cursor) -> Result<Option<Point>, &'static str> {
    let Some(first) = c.number() else {
        return Ok(None);
    };
    let mut year = None;
    let mut n = first;
    if c.eat(&['年']) || (first >= 1000 && c.eat(&['.', '．', '/'])) {
        year = Some(first);
        n = c.number().ok_or("a year must be followed by a month")?;
    }
    if c.eat(&MONTH_DAY) {
        let day = c.number().ok_or("a month must be followed by a day")?;
        c.eat(&DAY_MARK);
        return Ok(Some(Point {
            year,
            month: Some(n),
            day,
        }));
    }
    if year.is_some() {
        return Err("a year must be followed by a month");
    }
    c.eat(&DAY_MARK);
    Ok(Some(Point {
        year: None,
        month: None,
        day: n,
    }))
}

/// Skips a weekday in brackets after a date: `（周六）`, `(星期六)`.
fn skip_weekday(c: &mut Cursor) {
    let rest = &c.s[c.pos..];
    for (open, close) in [('（', '）'), ('(', ')')] {
        let Some(inner_and_more) = rest.strip_prefix(open) else {
            continue;
        };
        let Some((inner, _)) = inner_and_more.split_once(close) else {
            continue;
        };
        let weekday = inner.starts_with('周') || inner.starts_with("星期");
        if weekday && inner.chars().count() <= 3 {
            c.pos += open.len_utf8() + inner.len() + close.len_utf8();
        }
    }
}

fn make_date(year: i32, month: u32, day: u32) -> Result<NaiveDate, &'static str> {
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    if NaiveDate::from_ymd_opt(year, 1, 1).is_none() {
        return Err("year out of range");
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or("day out of range")
}

/// Reads the date or date range `s` starts with, if it starts with a digit.
///
/// Formats: `5.21`; `5.25-5.27`; `5.25-6.1`; `5.25-27`; `5月25日`; `5月25日-27日`;
/// `5月25-27日`; `5月25日至6月1日`; an optional leading `2024年` (or `2024.`); range
/// separators `-` `－` `—` `–` `~` `～` `至` `到`; an optional weekday in brackets after it.
/// A missing year is `year`, a missing month in the end is the start's month.
///
/// `Ok(None)` when `s` does not start with a digit; a fault when it does but is not a valid
/// date (`5.32`: day out of range), or the range ends before it starts.
pub(crate) fn parse_date_spec(s: &str, year: i32) -> Result<Option<DateSpec>, Fault> {
    let mut c = Cursor { s, pos: 0 };
    let token = |c: &Cursor| {
        let end = c.pos.max(s.chars().next().map_or(0, char::len_utf8));
        s[..end].trim_end().to_string()
    };
    let first = match point(&mut c) {
        Ok(Some(p)) => p,
        Ok(None) => return Ok(None),
        Err(reason) => return Err(Fault::new("date", &token(&c), reason)),
    };
    let Some(first_month) = first.month else {
        return Err(Fault::new(
            "date",
            &token(&c),
            "a date needs a month, like 5.25 or 5月25日",
        ));
    };
    let after_first = c.pos;
    c.skip_spaces();
    let second = if c.eat(&RANGE) {
        while c.eat(&['—', '-']) {}
        c.skip_spaces();
        match point(&mut c) {
            Ok(Some(p)) => Some(p),
            Ok(None) => return Err(Fault::new("date", &token(&c), "the range has no end")),
            Err(reason) => return Err(Fault::new("date", &token(&c), reason)),
        }
    } else {
        c.pos = after_first;
        None
    };
    skip_weekday(&mut c);
    let token = token(&c);

    let start_year = first.year.map_or(year, |y| y as i32);
    let start = make_date(start_year, first_month, first.day)
        .map_err(|reason| Fault::new("date", &token, reason))?;
    let end = match second {
        None => start,
        Some(p) => {
            let end_year = p.year.map_or(start_year, |y| y as i32);
            make_date(end_year, p.month.unwrap_or(first_month), p.day)
                .map_err(|reason| Fault::new("date", &token, reason))?
        }
    };
    if end < start {
        return Err(Fault::new(
            "date",
            &token,
            "the range ends before it starts",
        ));
    }
    Ok(Some(DateSpec {
        start,
        end,
        len: c.pos,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use yubei_core::testing::d;

    /// (start, end, spanned text) of the spec at the start of `s`, in 2024.
    fn spec(s: &str) -> (NaiveDate, NaiveDate, &str) {
        let spec = parse_date_spec(s, 2024).unwrap().unwrap();
        (spec.start, spec.end, &s[..spec.len])
    }

    #[test]
    fn dotted_dates_and_ranges() {
        assert_eq!(spec("5.21在新牌坊小学"), (d(5, 21), d(5, 21), "5.21"));
        assert_eq!(
            spec("5.25-5.27在市主会场"),
            (d(5, 25), d(5, 27), "5.25-5.27")
        );
        assert_eq!(
            spec("5.25-6.1场馆免费开放"),
            (d(5, 25), d(6, 1), "5.25-6.1")
        );
        assert_eq!(spec("5.25-27在市主会场"), (d(5, 25), d(5, 27), "5.25-27"));
        assert_eq!(spec("5.25—5.27"), (d(5, 25), d(5, 27), "5.25—5.27"));
        assert_eq!(spec("5.25–5.27"), (d(5, 25), d(5, 27), "5.25–5.27"));
        assert_eq!(spec("5.25~5.27"), (d(5, 25), d(5, 27), "5.25~5.27"));
        assert_eq!(spec("5.25至5.27"), (d(5, 25), d(5, 27), "5.25至5.27"));
        assert_eq!(
            spec("5.25 - 5.27 开放"),
            (d(5, 25), d(5, 27), "5.25 - 5.27")
        );
        assert_eq!(spec("５.２５场馆"), (d(5, 25), d(5, 25), "５.２５"));
    }

    #[test]
    fn chinese_dates_and_ranges() {
        assert_eq!(spec("5月25日在基地"), (d(5, 25), d(5, 25), "5月25日"));
        assert_eq!(
            spec("5月25日-27日开放"),
            (d(5, 25), d(5, 27), "5月25日-27日")
        );
        assert_eq!(spec("5月25-27日开放"), (d(5, 25), d(5, 27), "5月25-27日"));
        assert_eq!(
            spec("5月25日至6月1日。"),
            (d(5, 25), d(6, 1), "5月25日至6月1日")
        );
        assert_eq!(
            spec("5月25日——6月1日"),
            (d(5, 25), d(6, 1), "5月25日——6月1日")
        );
        assert_eq!(
            spec("5月25日（周六）开放"),
            (d(5, 25), d(5, 25), "5月25日（周六）")
        );
        assert_eq!(spec("2024年5月25日至6月1日。").1, d(6, 1));
    }

    #[test]
    fn the_year_comes_from_the_caller_or_the_text() {
        let s = parse_date_spec("5.25-6.1", 2031).unwrap().unwrap();
        assert_eq!(s.start, NaiveDate::from_ymd_opt(2031, 5, 25).unwrap());
        assert_eq!(s.end, NaiveDate::from_ymd_opt(2031, 6, 1).unwrap());
        let s = parse_date_spec("2023年5月20日至5月28日", 2031)
            .unwrap()
            .unwrap();
        assert_eq!(s.start, NaiveDate::from_ymd_opt(2023, 5, 20).unwrap());
        assert_eq!(s.end, NaiveDate::from_ymd_opt(2023, 5, 28).unwrap());
        // 2.29 exists only in leap years.
        assert!(parse_date_spec("2.29", 2024).unwrap().is_some());
        assert!(parse_date_spec("2.29", 2023).is_err());
    }

    #[test]
    fn no_date_is_not_an_error() {
        assert_eq!(parse_date_spec("青少年进大学校园", 2024), Ok(None));
        assert_eq!(parse_date_spec("", 2024), Ok(None));
    }

    #[test]
    fn bad_dates_are_faults_naming_the_date() {
        let reason = |s: &str| {
            let f = parse_date_spec(s, 2024).unwrap_err();
            (f.token.unwrap(), f.reason)
        };
        assert_eq!(
            reason("5.32在基地开展"),
            ("5.32".into(), "day out of range".into())
        );
        assert_eq!(
            reason("13.1开放"),
            ("13.1".into(), "month out of range".into())
        );
        assert_eq!(
            reason("5.27-5.25开放"),
            ("5.27-5.25".into(), "the range ends before it starts".into())
        );
        assert!(parse_date_spec("5.25-31", 2024).is_ok());
        assert_eq!(reason("6.1-31").1, "day out of range");
        assert_eq!(reason("5.在基地").1, "a month must be followed by a day");
        assert_eq!(reason("5.25-在基地").1, "the range has no end");
        assert_eq!(
            reason("32个教学点").1,
            "a date needs a month, like 5.25 or 5月25日"
        );
    }
}
