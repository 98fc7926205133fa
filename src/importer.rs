//! Reads the published notice (plain text as copied from the district's site, e.g.
//! `data/notice-2024.txt`) into a [`Dataset`]. Pure: it takes the text and returns either the
//! dataset or the first place it cannot read, as a line-numbered [`ImportError`].
//!
//! The notice is laid out as:
//!
//! 1. the issuer (`重庆市渝北区人民政府办公室`), the title (possibly broken over several lines)
//!    and the cover letter: the salutation (a line ending with `：`) up to the publication date
//!    line (`2024年5月17日`) and any bracketed remark after it (`（此件公开发布）`);
//! 2. the plan title (`2024年渝北区科技活动周实施方案`), its preamble, then the sections
//!    `一、活动时间` … `五、工作要求`, one paragraph a line; the main activities are the
//!    `（一）`…`（八）` paragraphs of `四、主要活动`; the `联系人：…` line closes the plan;
//! 3. a line `附件`, the table's title, and the table: every cell is a line starting with a TAB,
//!    a line without a TAB continues the cell above it, and a blank line ends a row. The first
//!    row is the header (序号, 科普基地名称, 基地类型, 科普基地地址, 联系人, 联系人电话,
//!    近期活动安排); columns are found by their header, not by position.
//!
//! Each base's 近期活动安排 cell is split into clauses on `；`/`;` (outside brackets and
//! quotes); each clause is `<date spec>[在<place>开展|召开|举办|举行|进行]<title>[（<note>）]`,
//! see [`parse_date_spec`] for the date formats. The year of every date comes from the notice
//! (活动时间, else the plan title, else the publication date), never from a constant.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

use crate::model::{
    content_id, Activity, Base, BaseContact, Contact, Dataset, Notice, Section, Session, Week,
    SCHEMA_VERSION,
};

/// Why the notice could not be read, and where.
///
/// Displays as `line 57: cannot read date "5.32" in "5.32在基地开展…": day out of range`.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("line {line}: cannot read {what} {}: {reason}", quote_context(.token, .text))]
pub struct ImportError {
    /// 1-based line number in the input.
    pub line: usize,
    /// What was being read: `date`, `clause`, `table row`, `序号`, `phone`, …
    pub what: &'static str,
    /// The offending piece of `text` when narrower than it (e.g. the date `5.32`).
    pub token: Option<String>,
    /// The text that could not be read: a line, a table cell or one clause of a cell.
    pub text: String,
    /// Why it could not be read.
    pub reason: String,
}

impl ImportError {
    fn new(line: usize, what: &'static str, text: &str, reason: impl Into<String>) -> Self {
        ImportError {
            line,
            what,
            token: None,
            text: text.to_string(),
            reason: reason.into(),
        }
    }
}

/// The longest context shown in an error message, in characters (the field keeps it whole).
const SHOWN_CHARS: usize = 40;

fn quote_context(token: &Option<String>, text: &str) -> String {
    let mut shown: String = text.chars().take(SHOWN_CHARS).collect();
    if text.chars().count() > SHOWN_CHARS {
        shown.push('…');
    }
    let shown = shown.replace('\n', "\\n");
    match token {
        Some(t) if t != text => format!("\"{}\" in \"{shown}\"", t.replace('\n', "\\n")),
        _ => format!("\"{shown}\""),
    }
}

/// A problem found inside one piece of text, before the caller attaches its line and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    what: &'static str,
    token: Option<String>,
    reason: String,
}

impl Fault {
    fn new(what: &'static str, token: &str, reason: impl Into<String>) -> Self {
        Fault {
            what,
            token: Some(token.to_string()),
            reason: reason.into(),
        }
    }

    fn at(self, line: usize, text: &str) -> ImportError {
        ImportError {
            line,
            what: self.what,
            token: self.token,
            text: text.to_string(),
            reason: self.reason,
        }
    }
}

/// Serializes a dataset exactly as `data/yubei-2024.json` is written: pretty JSON plus a
/// trailing newline.
pub fn to_json(dataset: &Dataset) -> Result<String, serde_json::Error> {
    let mut out = serde_json::to_string_pretty(dataset)?;
    out.push('\n');
    Ok(out)
}

/// Parses the whole notice. See the module documentation for the layout it expects.
pub fn parse_notice(text: &str) -> Result<Dataset, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            text: l.strip_suffix('\r').unwrap_or(l),
        })
        .collect();
    let table_start = lines
        .iter()
        .position(|l| l.text.starts_with('\t'))
        .unwrap_or(lines.len());
    let front = parse_front(&lines[..table_start])?;

    let week = parse_week(&front)?;
    let activities = parse_activities(&front)?;
    let contact = parse_contact(&front)?;

    if table_start == lines.len() {
        let last = lines
            .iter()
            .rev()
            .find(|l| !l.text.trim().is_empty())
            .unwrap_or(&lines[lines.len() - 1]);
        return Err(ImportError::new(
            last.no,
            "attachment table",
            last.text.trim(),
            "the notice ends without a table (no line starts with a TAB)",
        ));
    }
    let rows = read_rows(&lines[table_start..])?;
    let (bases, sessions) = parse_table(&rows, week.start.year())?;

    let Front {
        issuer,
        title,
        published,
        plan_title,
        sections,
        ..
    } = front;
    Ok(Dataset {
        version: SCHEMA_VERSION,
        notice: Notice {
            issuer,
            title,
            published,
            plan_title,
            sections: sections
                .into_iter()
                .map(|s| Section {
                    heading: s.heading,
                    paragraphs: s.paras.into_iter().map(|p| p.text).collect(),
                })
                .collect(),
            contact,
        },
        week,
        activities,
        bases,
        sessions,
    })
}

/// One input line with its 1-based number (a trailing `\r` removed).
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    no: usize,
    text: &'a str,
}

/// A paragraph (one non-blank line, trimmed) with the line it came from.
#[derive(Clone, Debug)]
struct Para {
    line: usize,
    text: String,
}

impl Para {
    fn of(l: &Line) -> Self {
        Para {
            line: l.no,
            text: l.text.trim().to_string(),
        }
    }
}

#[derive(Clone, Debug)]
struct RawSection {
    heading: String,
    line: usize,
    paras: Vec<Para>,
}

/// Everything before the table.
struct Front {
    issuer: String,
    title: String,
    published: NaiveDate,
    plan_title: String,
    /// Line of the plan title: where errors about a missing part of the plan point.
    plan_line: usize,
    /// The cover letter (heading ""), the plan preamble (heading = plan title), then 一、…
    sections: Vec<RawSection>,
}

impl Front {
    fn section(&self, name: &str) -> Option<&RawSection> {
        self.sections
            .iter()
            .skip(1)
            .find(|s| heading_name(&s.heading).is_some_and(|n| n.contains(name)))
    }

    fn missing(&self, what: &'static str, reason: &str) -> ImportError {
        ImportError::new(self.plan_line, what, &self.plan_title, reason)
    }

    /// The year dates without one belong to: the plan title's, else the publication year.
    fn plan_year(&self) -> i32 {
        let digits: String = self
            .plan_title
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        match digits.parse::<i32>() {
            Ok(y) if digits.len() == 4 && self.plan_title[4..].starts_with('年') => y,
            _ => self.published.year(),
        }
    }
}

const CN_NUMERALS: &str = "零一二三四五六七八九十";

/// `一、活动时间` → `活动时间`; `None` for a line that is not a section heading.
fn heading_name(line: &str) -> Option<&str> {
    let numeral_end = line
        .char_indices()
        .find(|&(_, c)| !CN_NUMERALS.contains(c))
        .map(|(i, _)| i)?;
    let name = line[numeral_end..].strip_prefix('、')?.trim();
    let short = name.chars().count() <= 30;
    (numeral_end > 0 && !name.is_empty() && short && !name.contains('。')).then_some(name)
}

/// `2024年5月17日` alone (the publication date line).
fn looks_like_full_date(s: &str) -> bool {
    let mut groups = Vec::new();
    let mut digits = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else {
            groups.push((digits, c));
            digits = 0;
        }
    }
    digits == 0
        && groups.len() == 3
        && groups[0] == (4, '年')
        && (1..=2).contains(&groups[1].0)
        && groups[1].1 == '月'
        && (1..=2).contains(&groups[2].0)
        && groups[2].1 == '日'
}

fn parse_front(body: &[Line]) -> Result<Front, ImportError> {
    let mut rest = body.iter().filter(|l| !l.text.trim().is_empty());
    let last_no = body.last().map_or(1, |l| l.no);
    let issuer_line = rest
        .next()
        .ok_or_else(|| ImportError::new(1, "notice", "", "the text is empty"))?;
    let issuer = issuer_line.text.trim().to_string();

    // The title: every line between the issuer and the salutation (ending with ：).
    let mut title = String::new();
    let salutation = loop {
        let Some(l) = rest.next() else {
            return Err(ImportError::new(
                issuer_line.no,
                "notice",
                &issuer,
                "no salutation line (ending with ：) follows the issuer and title",
            ));
        };
        let t = l.text.trim();
        if t.ends_with('：') || t.ends_with(':') {
            break l;
        }
        if looks_like_full_date(t) || heading_name(t).is_some() {
            return Err(ImportError::new(
                l.no,
                "notice title",
                t,
                "reached before the salutation line (ending with ：)",
            ));
        }
        title.push_str(t);
    };
    if title.is_empty() {
        return Err(ImportError::new(
            salutation.no,
            "notice title",
            salutation.text.trim(),
            "no title between the issuer and the salutation",
        ));
    }

    // The cover letter runs up to the publication date line.
    let mut cover = vec![Para::of(salutation)];
    let published = loop {
        let Some(l) = rest.next() else {
            return Err(ImportError::new(
                last_no,
                "cover letter",
                salutation.text.trim(),
                "no publication date line (like 2024年5月17日) ends the cover letter",
            ));
        };
        let t = l.text.trim();
        if heading_name(t).is_some() {
            return Err(ImportError::new(
                l.no,
                "cover letter",
                t,
                "section heading reached before the publication date line (like 2024年5月17日)",
            ));
        }
        cover.push(Para::of(l));
        if looks_like_full_date(t) {
            break match parse_date_spec(t, 0) {
                Ok(Some(spec)) => spec.start,
                // Cannot happen for a line that passed `looks_like_full_date`; reported anyway.
                Ok(None) => {
                    return Err(ImportError::new(
                        l.no,
                        "date",
                        t,
                        "expected a date like 2024年5月17日",
                    ))
                }
                Err(f) => return Err(f.at(l.no, t)),
            };
        }
    };

    // Bracketed remarks such as （此件公开发布） still belong to the cover letter.
    let plan = loop {
        let Some(l) = rest.next() else {
            return Err(ImportError::new(
                last_no,
                "plan",
                "",
                "the notice ends before the plan title",
            ));
        };
        let t = l.text.trim();
        let bracketed =
            (t.starts_with('（') && t.ends_with('）')) || (t.starts_with('(') && t.ends_with(')'));
        if !bracketed {
            break l;
        }
        cover.push(Para::of(l));
    };
    let plan_title = plan.text.trim().to_string();
    if heading_name(&plan_title).is_some() {
        return Err(ImportError::new(
            plan.no,
            "plan title",
            &plan_title,
            "a section heading where the plan title should be",
        ));
    }

    let mut sections = vec![RawSection {
        heading: String::new(),
        line: salutation.no,
        paras: cover,
    }];
    let mut current = RawSection {
        heading: plan_title.clone(),
        line: plan.no,
        paras: Vec::new(),
    };
    for l in rest {
        let t = l.text.trim();
        if t == "附件" || t == "附件：" {
            break;
        }
        if heading_name(t).is_some() {
            let done = std::mem::replace(
                &mut current,
                RawSection {
                    heading: t.to_string(),
                    line: l.no,
                    paras: Vec::new(),
                },
            );
            // The preamble section only exists when the plan has a preamble.
            if done.line != plan.no || !done.paras.is_empty() {
                sections.push(done);
            }
            continue;
        }
        current.paras.push(Para::of(l));
    }
    if current.line != plan.no || !current.paras.is_empty() {
        sections.push(current);
    }

    Ok(Front {
        issuer,
        title,
        published,
        plan_title,
        plan_line: plan.no,
        sections,
    })
}

fn parse_week(front: &Front) -> Result<Week, ImportError> {
    let time = front
        .section("活动时间")
        .ok_or_else(|| front.missing("plan", "the plan has no 活动时间 section"))?;
    let first = time.paras.first().ok_or_else(|| {
        ImportError::new(time.line, "活动时间", &time.heading, "the section is empty")
    })?;
    let spec = parse_date_spec(&first.text, front.plan_year())
        .map_err(|f| f.at(first.line, &first.text))?
        .ok_or_else(|| {
            ImportError::new(
                first.line,
                "活动时间",
                &first.text,
                "expected the dates of the week, like 2024年5月25日至6月1日",
            )
        })?;

    let theme_section = front
        .section("活动主题")
        .ok_or_else(|| front.missing("plan", "the plan has no 活动主题 section"))?;
    let theme = theme_section
        .paras
        .first()
        .map(|p| p.text.trim_end_matches('。').trim().to_string())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ImportError::new(
                theme_section.line,
                "活动主题",
                &theme_section.heading,
                "the section is empty",
            )
        })?;
    Ok(Week {
        start: spec.start,
        end: spec.end,
        theme,
    })
}

/// `（三）…` → (3, `…`). Accepts full-width and ASCII brackets, Chinese or Arabic numerals.
fn numbered(text: &str) -> Option<(u32, &str)> {
    let (inner, rest) = if let Some(r) = text.strip_prefix('（') {
        r.split_once('）')?
    } else {
        text.strip_prefix('(')?.split_once(')')?
    };
    Some((cn_number(inner)?, rest))
}

/// `一` … `九十九` or Arabic digits.
fn cn_number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| {
        CN_NUMERALS
            .chars()
            .position(|d| d == c)
            .filter(|&d| d < 10)
            .map(|d| d as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [d] => digit(*d).filter(|&d| d > 0).or((*d == '十').then_some(10)),
        ['十', d] => digit(*d).filter(|&d| d > 0).map(|d| 10 + d),
        [t, '十'] => digit(*t).filter(|&t| t > 1).map(|t| 10 * t),
        [t, '十', d] => {
            let t = digit(*t).filter(|&t| t > 1)?;
            digit(*d).filter(|&d| d > 0).map(|d| 10 * t + d)
        }
        _ => None,
    }
}

/// `责任单位：区科协、区科技局，各镇街` → the units; `None` for any other bracket.
fn units_of(inner: &str) -> Option<Vec<String>> {
    let (label, list) = inner.split_once(['：', ':'])?;
    if !label.ends_with("单位") || label.chars().count() > 8 {
        return None;
    }
    Some(
        list.split(['、', '，', ',', '；', ';'])
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

fn parse_activities(front: &Front) -> Result<Vec<Activity>, ImportError> {
    let section = front
        .section("主要活动")
        .ok_or_else(|| front.missing("plan", "the plan has no 主要活动 section"))?;
    let mut out: Vec<Activity> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for para in &section.paras {
        let Some((number, body)) = numbered(&para.text) else {
            continue;
        };
        let body = body.trim();
        let (body, units) = match trailing_bracket(body) {
            Some((open, inner)) => match units_of(inner) {
                Some(units) => (body[..open].trim_end(), units),
                None => (body, Vec::new()),
            },
            None => (body, Vec::new()),
        };
        let (title, description) = match find_top_level(body, &["。"]) {
            Some((at, stop)) => (body[..at].trim(), body[at + stop.len()..].trim()),
            None => (body.trim_end_matches('。').trim(), ""),
        };
        if title.is_empty() {
            return Err(ImportError::new(
                para.line,
                "activity",
                &para.text,
                "the activity has no title",
            ));
        }
        let id = content_id("a", &[title]);
        if let Some(prev) = seen.insert(id.clone(), para.line) {
            return Err(ImportError::new(
                para.line,
                "activity",
                &para.text,
                format!("the same activity title is already on line {prev}"),
            ));
        }
        out.push(Activity {
            id,
            number,
            title: title.to_string(),
            description: description.to_string(),
            units,
        });
    }
    if out.is_empty() {
        return Err(ImportError::new(
            section.line,
            "主要活动",
            &section.heading,
            "no numbered activity paragraphs like （一）…",
        ));
    }
    Ok(out)
}

fn parse_contact(front: &Front) -> Result<Contact, ImportError> {
    let para = front
        .sections
        .iter()
        .skip(1)
        .flat_map(|s| &s.paras)
        .find(|p| p.text.starts_with("联系人：") || p.text.starts_with("联系人:"))
        .ok_or_else(|| front.missing("plan", "the plan has no 联系人：… line"))?;
    let field_end = |s: &str| {
        s.find(|c: char| "，,；;、".contains(c) || c.is_whitespace())
            .unwrap_or(s.len())
    };
    let after_label = |label: &str| -> String {
        para.text
            .find(label)
            .map(|i| {
                let s = para.text[i + label.len()..].trim_start_matches(['：', ':', ' ']);
                s[..field_end(s)].to_string()
            })
            .unwrap_or_default()
    };
    let name = after_label("联系人");
    if name.is_empty() {
        return Err(ImportError::new(
            para.line,
            "联系人",
            &para.text,
            "no name after 联系人：",
        ));
    }
    let email = para
        .text
        .find('@')
        .map(|at| {
            let is_mail = |c: char| c.is_ascii_alphanumeric() || "._-+@".contains(c);
            let start = para.text[..at].rfind(|c: char| !is_mail(c)).map_or(0, |i| {
                i + para.text[i..].chars().next().map_or(1, char::len_utf8)
            });
            let end = para.text[at..]
                .find(|c: char| !is_mail(c))
                .map_or(para.text.len(), |i| at + i);
            para.text[start..end].to_string()
        })
        .unwrap_or_default();
    Ok(Contact {
        name,
        phone: after_label("电话"),
        email,
    })
}

// ---------------------------------------------------------------------------------------------
// Brackets and quotes

const PAIRS: [(char, char); 7] = [
    ('（', '）'),
    ('(', ')'),
    ('【', '】'),
    ('[', ']'),
    ('《', '》'),
    ('“', '”'),
    ('‘', '’'),
];

fn closer_of(open: char) -> Option<char> {
    PAIRS.iter().find(|p| p.0 == open).map(|p| p.1)
}

fn is_closer(c: char) -> bool {
    PAIRS.iter().any(|p| p.1 == c)
}

/// Every char of `s` with its byte offset and the bracket depth it sits at (an opening bracket
/// is at the depth outside it, its closing bracket likewise). Unmatched closers are ignored.
fn with_depth(s: &str) -> Vec<(usize, char, usize)> {
    let mut stack: Vec<char> = Vec::new();
    let mut out = Vec::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if stack.last().is_some_and(|&open| closer_of(open) == Some(c)) {
            stack.pop();
            out.push((i, c, stack.len()));
        } else if closer_of(c).is_some() {
            out.push((i, c, stack.len()));
            stack.push(c);
        } else {
            out.push((i, c, stack.len()));
        }
    }
    out
}

/// Checks every bracket and quote of `s` is closed by its partner; the fault names the first
/// one that is not.
fn check_balanced(s: &str) -> Result<(), Fault> {
    let mut stack: Vec<char> = Vec::new();
    for c in s.chars() {
        if stack.last().is_some_and(|&open| closer_of(open) == Some(c)) {
            stack.pop();
        } else if closer_of(c).is_some() {
            stack.push(c);
        } else if is_closer(c) {
            return Err(Fault::new(
                "clause",
                &c.to_string(),
                format!("{c} closes nothing"),
            ));
        }
    }
    match stack.first() {
        Some(open) => Err(Fault::new(
            "clause",
            &open.to_string(),
            format!("{open} is never closed"),
        )),
        None => Ok(()),
    }
}

/// The first of `pats` occurring in `s` outside brackets and quotes: (byte offset, pattern).
fn find_top_level<'p>(s: &str, pats: &[&'p str]) -> Option<(usize, &'p str)> {
    with_depth(s)
        .into_iter()
        .filter(|&(_, _, depth)| depth == 0)
        .find_map(|(i, _, _)| {
            pats.iter()
                .find(|p| s[i..].starts_with(**p))
                .map(|p| (i, *p))
        })
}

/// When `s` ends with a closing bracket `）`/`)`: the byte offset of its opening partner and
/// the text between them.
fn trailing_bracket(s: &str) -> Option<(usize, &str)> {
    let last = s.chars().next_back()?;
    if last != '）' && last != ')' {
        return None;
    }
    let close_at = s.len() - last.len_utf8();
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (i, c) in s.char_indices() {
        if stack
            .last()
            .is_some_and(|&(open, _)| closer_of(open) == Some(c))
        {
            let (open, at) = stack.pop()?;
            if i == close_at {
                return Some((at, &s[at + open.len_utf8()..close_at]));
            }
        } else if closer_of(c).is_some() {
            stack.push((c, i));
        }
    }
    None
}

/// The text of the first `“…”` (or `"…"`) in `s`.
fn quoted(s: &str) -> Option<&str> {
    if let Some(open) = s.find('“') {
        let from = open + '“'.len_utf8();
        let mut depth = 0usize;
        for (i, c) in s[from..].char_indices() {
            match c {
                '“' => depth += 1,
                '”' if depth == 0 => return Some(&s[from..from + i]),
                '”' => depth -= 1,
                _ => {}
            }
        }
        return None;
    }
    let (_, after) = s.split_once('"')?;
    after.split_once('"').map(|(q, _)| q)
}

// ---------------------------------------------------------------------------------------------
// Dates

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

// ---------------------------------------------------------------------------------------------
// Schedule clauses

/// Splits a 近期活动安排 cell into clauses on `；` and `;` outside brackets and quotes.
/// Each clause is trimmed and keeps a final `。` if it had one; empty clauses are dropped.
/// Returns (byte offset in `cell`, clause).
pub(crate) fn split_clauses(cell: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut push = |from: usize, to: usize| {
        let piece = &cell[from..to];
        let trimmed = piece.trim();
        if !trimmed.trim_end_matches('。').trim().is_empty() {
            let lead = piece.len() - piece.trim_start().len();
            out.push((from + lead, trimmed));
        }
    };
    let mut from = 0;
    for (i, c, depth) in with_depth(cell) {
        if depth == 0 && (c == '；' || c == ';') {
            push(from, i);
            from = i + c.len_utf8();
        }
    }
    push(from, cell.len());
    out
}

/// Verbs that end the `在<place>` part of a clause.
const VERBS: [&str; 5] = ["开展", "召开", "举办", "举行", "进行"];

/// Places that mean the base itself.
const BASE_WORDS: [&str; 6] = ["基地", "本基地", "基地内", "本馆", "馆内", "场馆"];

/// Endings that make a part of a bracket note a place (`立人小学`) rather than a remark
/// (`时间未定`, `其他时间预约开放`).
const PLACE_ENDINGS: [&str; 16] = [
    "小学",
    "中学",
    "学校",
    "幼儿园",
    "大学",
    "学院",
    "校区",
    "校园",
    "社区",
    "村",
    "广场",
    "公园",
    "会场",
    "馆",
    "中心",
    "院",
];

/// One clause of a schedule cell, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Clause {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub title: String,
    /// `None` when it happens at the base itself.
    pub place: Option<String>,
    pub note: Option<String>,
}

/// Reads one clause: `<date spec>[在<place><verb>]<title>[（<note>）]`.
///
/// The title is the first `“…”` if there is one, else the rest without a leading verb. A
/// trailing bracket is split on `，`: a part ending like a place (小学, 馆, 中心, …) becomes the
/// place when the clause names none, the other parts are the note. Without any place the
/// clause happens at the base (`在基地` likewise).
pub(crate) fn parse_clause(clause: &str, year: i32) -> Result<Clause, Fault> {
    let body = clause.trim().trim_end_matches('。').trim_end();
    check_balanced(body)?;
    let spec = parse_date_spec(body, year)?;
    let mut rest = body[spec.map_or(0, |s| s.len)..]
        .trim_start_matches(|c: char| c.is_whitespace() || "，,：:、".contains(c));

    let mut bracket = None;
    if let Some((open, inner)) = trailing_bracket(rest) {
        bracket = Some(inner);
        rest = rest[..open].trim_end();
    }

    let mut place = None;
    if let Some(after) = rest.strip_prefix('在') {
        let (at, verb) = find_top_level(after, &VERBS).ok_or_else(|| {
            Fault::new(
                "clause",
                rest,
                "在<place> is not followed by 开展/召开/举办/举行/进行",
            )
        })?;
        let p = after[..at].trim();
        if p.is_empty() {
            return Err(Fault::new("clause", rest, "在 names no place"));
        }
        if !BASE_WORDS.contains(&p) {
            place = Some(p.to_string());
        }
        rest = after[at + verb.len()..].trim_start();
    }

    let title = match quoted(rest) {
        Some(q) => q.trim(),
        None => {
            let without_verb = VERBS
                .iter()
                .find_map(|v| rest.strip_prefix(v))
                .unwrap_or(rest);
            without_verb.trim()
        }
    };
    if title.is_empty() {
        return Err(Fault::new(
            "clause",
            clause.trim(),
            "the clause has no title",
        ));
    }

    let mut notes = Vec::new();
    let mut named_place = place.is_some();
    for part in bracket.map(split_note).unwrap_or_default() {
        if !named_place && PLACE_ENDINGS.iter().any(|e| part.ends_with(e)) {
            place = Some(part.to_string());
            named_place = true;
        } else {
            notes.push(part);
        }
    }
    let note = (!notes.is_empty()).then(|| notes.join("，"));

    Ok(Clause {
        start: spec.map(|s| s.start),
        end: spec.map(|s| s.end),
        title: title.to_string(),
        place,
        note,
    })
}

fn split_note(inner: &str) -> Vec<&str> {
    inner
        .split(['，', ',', '；', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The attachment table

/// A table cell: its text (continuation lines joined with `\n`) and its first line.
#[derive(Clone, Debug)]
struct Cell {
    line: usize,
    text: String,
}

impl Cell {
    /// The line of byte offset `at` of the text.
    fn line_at(&self, at: usize) -> usize {
        self.line + self.text[..at.min(self.text.len())].matches('\n').count()
    }
}

#[derive(Clone, Debug)]
struct Row {
    line: usize,
    cells: Vec<Cell>,
}

impl Row {
    fn text(&self) -> String {
        self.cells
            .iter()
            .map(|c| c.text.replace('\n', " "))
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// Groups the table's lines into rows of cells (blank lines separate rows).
fn read_rows(lines: &[Line]) -> Result<Vec<Row>, ImportError> {
    let mut rows = Vec::new();
    let mut current: Option<Row> = None;
    for l in lines {
        if let Some(cell) = l.text.strip_prefix('\t') {
            let cell = Cell {
                line: l.no,
                text: cell.trim().to_string(),
            };
            match current.as_mut() {
                Some(row) => row.cells.push(cell),
                None => {
                    current = Some(Row {
                        line: l.no,
                        cells: vec![cell],
                    })
                }
            }
        } else if l.text.trim().is_empty() {
            rows.extend(current.take());
        } else if let Some(last) = current.as_mut().and_then(|r| r.cells.last_mut()) {
            last.text.push('\n');
            last.text.push_str(l.text.trim());
        } else {
            return Err(ImportError::new(
                l.no,
                "table",
                l.text.trim(),
                "text between table rows (every cell must start with a TAB)",
            ));
        }
    }
    rows.extend(current);
    Ok(rows)
}

/// Where each field sits in the table, found from the header row.
struct Columns {
    number: usize,
    name: usize,
    category: usize,
    address: usize,
    contact: usize,
    phone: usize,
    schedule: usize,
}

fn find_columns(header: &Row) -> Result<Columns, ImportError> {
    let find = |label: &str, pred: &dyn Fn(&str) -> bool| {
        header
            .cells
            .iter()
            .position(|c| pred(c.text.as_str()))
            .ok_or_else(|| {
                ImportError::new(
                    header.line,
                    "header row",
                    &header.text(),
                    format!("no {label} column"),
                )
            })
    };
    Ok(Columns {
        number: find("序号", &|c| c == "序号")?,
        name: find("名称", &|c| c.contains("名称"))?,
        category: find("类型", &|c| c.contains("类型"))?,
        address: find("地址", &|c| c.contains("地址"))?,
        contact: find("联系人", &|c| {
            c.contains("联系人") && !c.contains("电话")
        })?,
        phone: find("电话", &|c| c.contains("电话"))?,
        schedule: find("活动安排", &|c| c.contains("活动"))?,
    })
}

/// A phone number as written: digits with `-`, `+` or brackets, at least 5 digits.
fn is_phone(s: &str) -> bool {
    s.chars().filter(char::is_ascii_digit).count() >= 5
        && s.chars()
            .all(|c| c.is_ascii_digit() || "-+()（）－".contains(c))
}

/// Pairs the names of the 联系人 cell with the numbers of the phone cell: one name gets every
/// number, otherwise names and numbers must pair up one to one.
fn parse_contacts(names: &Cell, phones: &Cell) -> Result<Vec<BaseContact>, ImportError> {
    let names_list: Vec<&str> = names
        .text
        .split(|c: char| c.is_whitespace() || "、，,/".contains(c))
        .filter(|n| !n.is_empty())
        .collect();
    let mut numbers = Vec::new();
    let is_sep = |c: char| c.is_whitespace() || "、，,/；;".contains(c);
    let mut pieces = Vec::new();
    let mut start = None;
    let text = &phones.text;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (is_sep(c), start) {
            (true, Some(from)) => {
                pieces.push((from, &text[from..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    for (offset, piece) in pieces {
        if !is_phone(piece) {
            return Err(ImportError {
                line: phones.line_at(offset),
                what: "phone",
                token: Some(piece.to_string()),
                text: phones.text.clone(),
                reason: "not a phone number".into(),
            });
        }
        numbers.push(piece.to_string());
    }
    match names_list.len() {
        0 if numbers.is_empty() => Ok(Vec::new()),
        0 => Ok(vec![BaseContact {
            name: String::new(),
            phones: numbers,
        }]),
        1 => Ok(vec![BaseContact {
            name: names_list[0].to_string(),
            phones: numbers,
        }]),
        n if n == numbers.len() => Ok(names_list
            .iter()
            .zip(numbers)
            .map(|(name, phone)| BaseContact {
                name: name.to_string(),
                phones: vec![phone],
            })
            .collect()),
        n => Err(ImportError::new(
            names.line,
            "联系人",
            &names.text,
            format!(
                "cannot tell which of {} phone numbers belongs to which of {n} contacts",
                numbers.len()
            ),
        )),
    }
}

fn parse_table(rows: &[Row], year: i32) -> Result<(Vec<Base>, Vec<Session>), ImportError> {
    let Some((header, data)) = rows.split_first() else {
        return Err(ImportError::new(1, "table", "", "the table is empty"));
    };
    if header.cells.first().map(|c| c.text.as_str()) != Some("序号") {
        return Err(ImportError {
            line: header.line,
            what: "table",
            token: header.cells.first().map(|c| c.text.clone()),
            text: header.text(),
            reason: "the table does not start with its header row (序号, 科普基地名称, …)".into(),
        });
    }
    let cols = find_columns(header)?;
    let width = header.cells.len();

    let mut bases = Vec::new();
    let mut sessions = Vec::new();
    let mut base_lines: HashMap<String, usize> = HashMap::new();
    let mut session_lines: HashMap<String, usize> = HashMap::new();
    for raw in data {
        // Rows not separated by a blank line arrive together: split them by the header width.
        if raw.cells.len() % width != 0 {
            let n = raw.cells.len();
            return Err(ImportError::new(
                raw.line,
                "table row",
                &raw.text(),
                format!("the row has {n} cells, the header has {width}"),
            ));
        }
        for chunk in raw.cells.chunks(width) {
            let row = Row {
                line: chunk[0].line,
                cells: chunk.to_vec(),
            };
            let base = parse_base(&row, &cols)?;
            if let Some(prev) = base_lines.insert(base.id.clone(), row.line) {
                let cell = &row.cells[cols.name];
                return Err(ImportError::new(
                    cell.line,
                    "科普基地名称",
                    &cell.text,
                    format!("the same base is already in the row on line {prev}"),
                ));
            }
            let cell = &row.cells[cols.schedule];
            for (offset, source) in split_clauses(&cell.text) {
                let line = cell.line_at(offset);
                let clause = parse_clause(source, year).map_err(|f| f.at(line, source))?;
                let iso = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                let (start, end) = (iso(clause.start), iso(clause.end));
                let id = content_id("s", &[&base.id, &start, &end, &clause.title]);
                if let Some(prev) = session_lines.insert(id.clone(), line) {
                    return Err(ImportError::new(
                        line,
                        "clause",
                        source,
                        format!("the same session (base, dates, title) is already on line {prev}"),
                    ));
                }
                sessions.push(Session {
                    id,
                    base: base.id.clone(),
                    title: clause.title,
                    start: clause.start,
                    end: clause.end,
                    at_base: clause.place.is_none(),
                    place: clause.place.unwrap_or_else(|| base.name.clone()),
                    note: clause.note,
                    source: source.to_string(),
                });
            }
            bases.push(base);
        }
    }
    if bases.is_empty() {
        return Err(ImportError::new(
            header.line,
            "table",
            &header.text(),
            "the table has no rows after its header",
        ));
    }
    Ok((bases, sessions))
}

fn parse_base(row: &Row, cols: &Columns) -> Result<Base, ImportError> {
    let number_cell = &row.cells[cols.number];
    let number = number_cell.text.parse::<u32>().map_err(|_| {
        ImportError::new(
            number_cell.line,
            "序号",
            &number_cell.text,
            "a row must start with its number (序号)",
        )
    })?;
    let name_cell = &row.cells[cols.name];
    if name_cell.text.is_empty() {
        return Err(ImportError::new(
            name_cell.line,
            "table row",
            &row.text(),
            "the base has no name",
        ));
    }
    let name = name_cell.text.clone();
    Ok(Base {
        id: content_id("b", &[&name]),
        number,
        name,
        category: row.cells[cols.category].text.clone(),
        address: row.cells[cols.address].text.clone(),
        contacts: parse_contacts(&row.cells[cols.contact], &row.cells[cols.phone])?,
        schedule_text: row.cells[cols.schedule].text.clone(),
        row: row.cells.iter().map(|c| c.text.clone()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

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

    #[test]
    fn clauses_split_on_both_semicolons_outside_brackets() {
        let cell = "5.21在新牌坊小学开展“气象+”活动；5.31场馆免费开放（其他时间预约开放）。";
        assert_eq!(
            split_clauses(cell),
            vec![
                (0, "5.21在新牌坊小学开展“气象+”活动"),
                (
                    cell.find("5.31").unwrap(),
                    "5.31场馆免费开放（其他时间预约开放）。"
                )
            ]
        );
        let ascii: Vec<&str> = split_clauses("5.21在A开展“x”活动; 5.22场馆免费开放;")
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(ascii, vec!["5.21在A开展“x”活动", "5.22场馆免费开放"]);
        let inside: Vec<&str> = split_clauses("5.21开展“甲；乙”活动（A；B）；5.22开放")
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(inside, vec!["5.21开展“甲；乙”活动（A；B）", "5.22开放"]);
        assert!(split_clauses("  。 ").is_empty());
        assert_eq!(
            split_clauses("5.25-5.28场馆免费开放"),
            vec![(0, "5.25-5.28场馆免费开放")]
        );
    }

    fn clause(s: &str) -> Clause {
        parse_clause(s, 2024).unwrap()
    }

    #[test]
    fn clause_with_place_and_quoted_title() {
        let c = clause("5.25-5.27在市主会场（创客港·未来科技园）开展“当非遗遇上科技”活动。");
        assert_eq!((c.start, c.end), (Some(d(5, 25)), Some(d(5, 27))));
        assert_eq!(c.place.as_deref(), Some("市主会场（创客港·未来科技园）"));
        assert_eq!(c.title, "当非遗遇上科技");
        assert_eq!(c.note, None);
    }

    #[test]
    fn clause_at_the_base() {
        let c = clause("5.25在基地开展“实验室开放日”活动。");
        assert_eq!((c.place, c.title.as_str()), (None, "实验室开放日"));
        let c = clause("5.31场馆免费开放（其他时间预约开放）");
        assert_eq!(c.place, None);
        assert_eq!(c.title, "场馆免费开放");
        assert_eq!(c.note.as_deref(), Some("其他时间预约开放"));
    }

    #[test]
    fn clause_with_verb_phrase_title() {
        let c = clause("5.30在中煤科工重庆设计研究院召开团体标准培训会。");
        assert_eq!(c.place.as_deref(), Some("中煤科工重庆设计研究院"));
        assert_eq!(c.title, "团体标准培训会");
        assert_eq!(clause("5月26日举办科普讲座").title, "科普讲座");
    }

    #[test]
    fn undated_clause_takes_place_and_note_from_its_bracket() {
        let c = clause("青少年进大学校园，工业科技实践活动（立人小学，时间未定）。");
        assert_eq!((c.start, c.end), (None, None));
        assert_eq!(c.title, "青少年进大学校园，工业科技实践活动");
        assert_eq!(c.place.as_deref(), Some("立人小学"));
        assert_eq!(c.note.as_deref(), Some("时间未定"));
    }

    #[test]
    fn unreadable_clauses_are_faults() {
        assert_eq!(
            parse_clause("5.25在基地“实验室开放日”活动", 2024)
                .unwrap_err()
                .reason,
            "在<place> is not followed by 开展/召开/举办/举行/进行"
        );
        assert_eq!(
            parse_clause("5.31场馆免费开放（其他时间预约开放", 2024)
                .unwrap_err()
                .token
                .as_deref(),
            Some("（")
        );
        assert_eq!(
            parse_clause("5.25（待定）", 2024).unwrap_err().reason,
            "the clause has no title"
        );
        assert_eq!(
            parse_clause("5.32场馆免费开放", 2024)
                .unwrap_err()
                .token
                .as_deref(),
            Some("5.32")
        );
    }

    #[test]
    fn brackets() {
        assert_eq!(
            trailing_bracket("甲（乙（丙）丁）"),
            Some(("甲".len(), "乙（丙）丁"))
        );
        assert_eq!(trailing_bracket("甲（乙）丁"), None);
        assert_eq!(
            find_top_level("A（开展）B开展C", &VERBS),
            Some(("A（开展）B".len(), "开展"))
        );
        assert_eq!(quoted("开展“气象+”活动"), Some("气象+"));
        assert_eq!(quoted("开展\"气象+\"活动"), Some("气象+"));
        assert!(check_balanced("（“”）").is_ok());
        assert!(check_balanced("（“）”").is_err());
    }

    #[test]
    fn numerals_and_units() {
        assert_eq!(cn_number("一"), Some(1));
        assert_eq!(cn_number("十"), Some(10));
        assert_eq!(cn_number("十二"), Some(12));
        assert_eq!(cn_number("二十"), Some(20));
        assert_eq!(cn_number("二十三"), Some(23));
        assert_eq!(cn_number("7"), Some(7));
        assert_eq!(cn_number("零"), None);
        assert_eq!(
            numbered("（八）科普基地活动。"),
            Some((8, "科普基地活动。"))
        );
        assert_eq!(
            units_of("责任单位：区科协、区科技局，各镇街"),
            Some(vec!["区科协".into(), "区科技局".into(), "各镇街".into()])
        );
        assert_eq!(units_of("创客港·未来科技园"), None);
        assert_eq!(heading_name("一、活动时间"), Some("活动时间"));
        assert_eq!(heading_name("（一）深入宣传。"), None);
        assert!(looks_like_full_date("2024年5月17日"));
        assert!(!looks_like_full_date("2024年5月25日至6月1日。"));
    }
}
