//! The front matter: everything before the attachment table. The issuer, the title and the
//! cover letter up to its publication date, then the plan: its sections (一、…), the week
//! (活动时间, 活动主题), the main activities (the numbered paragraphs of 主要活动) and the
//! notice's contact (the `联系人：…` line).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::brackets::{find_top_level, trailing_bracket};
use super::dates::parse_date_spec;
use super::error::{ImportError, Line};
use yubei_core::model::{content_id, Activity, Contact, Week};

/// A paragraph (one non-blank line, trimmed) with the line it came from.
#[derive(Clone, Debug)]
pub(super) struct Para {
    line: usize,
    pub(super) text: String,
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
pub(super) struct RawSection {
    pub(super) heading: String,
    line: usize,
    pub(super) paras: Vec<Para>,
}

impl RawSection {
    /// A section headed `heading` on line `line`, before its paragraphs are read.
    fn new(heading: String, line: usize) -> Self {
        RawSection {
            heading,
            line,
            paras: Vec::new(),
        }
    }
}

/// Everything before the table.
pub(super) struct Front {
    pub(super) issuer: String,
    pub(super) title: String,
    pub(super) published: NaiveDate,
    pub(super) plan_title: String,
    /// Line of the plan title: where errors about a missing part of the plan point.
    plan_line: usize,
    /// The cover letter (heading ""), the plan preamble (heading = plan title), then 一、…
    pub(super) sections: Vec<RawSection>,
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

/// Reads the front matter part by part: the issuer, the title, the cover letter and its
/// remarks, then the plan title and the plan's sections.
pub(super) fn parse_front(body: &[Line]) -> Result<Front, ImportError> {
    let mut lines = FrontLines::new(body);
    let issuer_line = lines.issuer()?;
    let (title, salutation) = lines.title(issuer_line)?;
    let (mut cover, published) = lines.cover_letter(salutation)?;
    let plan = lines.remarks_then_plan_title(&mut cover)?;
    let plan_title = plan.text.trim().to_string();

    let mut sections = vec![RawSection {
        heading: String::new(),
        line: salutation.no,
        paras: cover,
    }];
    sections.extend(lines.plan_sections(plan));

    Ok(Front {
        issuer: issuer_line.text.trim().to_string(),
        title,
        published,
        plan_title,
        plan_line: plan.no,
        sections,
    })
}

/// The front matter's non-blank lines, read part by part in the order of the notice.
struct FrontLines<'s, 'a> {
    lines: std::slice::Iter<'s, Line<'a>>,
    /// The number of the front matter's last line, blank or not: where errors about a part
    /// the text ends before point.
    last_no: usize,
}

impl<'s, 'a> Iterator for FrontLines<'s, 'a> {
    type Item = &'s Line<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.lines.find(|l| !l.text.trim().is_empty())
    }
}

impl<'s, 'a> FrontLines<'s, 'a> {
    /// The front matter `body`, from its first line.
    fn new(body: &'s [Line<'a>]) -> Self {
        FrontLines {
            lines: body.iter(),
            last_no: body.last().map_or(1, |l| l.no),
        }
    }

    /// Reads the issuer: the first non-blank line.
    fn issuer(&mut self) -> Result<&'s Line<'a>, ImportError> {
        self.next()
            .ok_or_else(|| ImportError::new(1, "notice", "", "the text is empty"))
    }

    /// Reads the title, every line between the issuer and the salutation (ending with ：),
    /// joined; returns it with the salutation line.
    fn title(&mut self, issuer: &Line) -> Result<(String, &'s Line<'a>), ImportError> {
        let mut title = String::new();
        let salutation = loop {
            let Some(l) = self.next() else {
                return Err(ImportError::new(
                    issuer.no,
                    "notice",
                    issuer.text.trim(),
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
        Ok((title, salutation))
    }

    /// Reads the cover letter after the salutation, up to and including the publication date
    /// line; returns its paragraphs (the salutation first) and the date.
    fn cover_letter(&mut self, salutation: &Line) -> Result<(Vec<Para>, NaiveDate), ImportError> {
        let mut cover = vec![Para::of(salutation)];
        loop {
            let Some(l) = self.next() else {
                return Err(ImportError::new(
                    self.last_no,
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
                return Ok((cover, publication_date(l)?));
            }
        }
    }

    /// Reads the bracketed remarks after the publication date, such as （此件公开发布）, into
    /// the cover letter (they still belong to it), then the plan title line that follows them.
    fn remarks_then_plan_title(
        &mut self,
        cover: &mut Vec<Para>,
    ) -> Result<&'s Line<'a>, ImportError> {
        let plan = loop {
            let Some(l) = self.next() else {
                return Err(ImportError::new(
                    self.last_no,
                    "plan",
                    "",
                    "the notice ends before the plan title",
                ));
            };
            let t = l.text.trim();
            let bracketed = (t.starts_with('（') && t.ends_with('）'))
                || (t.starts_with('(') && t.ends_with(')'));
            if !bracketed {
                break l;
            }
            cover.push(Para::of(l));
        };
        let plan_title = plan.text.trim();
        if heading_name(plan_title).is_some() {
            return Err(ImportError::new(
                plan.no,
                "plan title",
                plan_title,
                "a section heading where the plan title should be",
            ));
        }
        Ok(plan)
    }

    /// Reads the plan after its title up to the `附件` line: the preamble (headed by the plan
    /// title), then a section per heading (一、…) with the paragraphs under it.
    fn plan_sections(self, plan: &Line) -> Vec<RawSection> {
        // The preamble section only exists when the plan has a preamble.
        let kept = |s: &RawSection| s.line != plan.no || !s.paras.is_empty();
        let mut sections = Vec::new();
        let mut current = RawSection::new(plan.text.trim().to_string(), plan.no);
        for l in self {
            let t = l.text.trim();
            if t == "附件" || t == "附件：" {
                break;
            }
            if heading_name(t).is_some() {
                let done = std::mem::replace(&mut current, RawSection::new(t.to_string(), l.no));
                if kept(&done) {
                    sections.push(done);
                }
                continue;
            }
            current.paras.push(Para::of(l));
        }
        if kept(&current) {
            sections.push(current);
        }
        sections
    }
}

/// Reads the publication date line, one that passed [`looks_like_full_date`].
fn publication_date(l: &Line) -> Result<NaiveDate, ImportError> {
    let t = l.text.trim();
    match parse_date_spec(t, 0) {
        Ok(Some(spec)) => Ok(spec.start),
        // Cannot happen for a line that passed `looks_like_full_date`; reported anyway.
        Ok(None) => Err(ImportError::new(
            l.no,
            "date",
            t,
            "expected a date like 2024年5月17日",
        )),
        Err(f) => Err(f.at(l.no, t)),
    }
}

pub(super) fn parse_week(front: &Front) -> Result<Week, ImportError> {
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

pub(super) fn parse_activities(front: &Front) -> Result<Vec<Activity>, ImportError> {
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

pub(super) fn parse_contact(front: &Front) -> Result<Contact, ImportError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A front matter of the notice's shape, cut to a line or two per part.
    const FRONT: &str = "重庆市渝北区人民政府办公室
关于印发《2025年渝北区科技活动周实施方案》的通知
各镇人民政府，区政府有关部门：
现将方案印发你们。
重庆市渝北区人民政府办公室
2025年5月10日
（此件公开发布）
2025年渝北区科技活动周实施方案
为做好科普工作，制定本方案。
一、活动时间
2025年5月24日至5月31日。
二、活动主题
科技创新 科普同行。
四、主要活动
（一）启动仪式。集中展示科技成果。（责任单位：区科技局、区科协）
（二）科普讲座活动。组织社区讲座。（责任单位：区科协）
五、工作要求
联系人：张三，联系电话：023-12345678；邮箱：kx@example.com";

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.split('\n')
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t })
            .collect()
    }

    #[test]
    fn front_matter_gives_the_week_activities_and_contact() {
        let lines = lines(FRONT);
        let front = parse_front(&lines).expect("reads");
        assert_eq!(front.issuer, "重庆市渝北区人民政府办公室");
        assert_eq!(front.plan_title, "2025年渝北区科技活动周实施方案");
        assert_eq!(
            front.published,
            NaiveDate::from_ymd_opt(2025, 5, 10).unwrap()
        );
        // The year comes from the notice, not from a constant.
        let week = parse_week(&front).expect("week");
        assert_eq!(week.start, NaiveDate::from_ymd_opt(2025, 5, 24).unwrap());
        assert_eq!(week.end, NaiveDate::from_ymd_opt(2025, 5, 31).unwrap());
        assert_eq!(week.theme, "科技创新 科普同行");
        let activities = parse_activities(&front).expect("activities");
        let titles: Vec<&str> = activities.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["启动仪式", "科普讲座活动"]);
        assert_eq!(activities[0].units, ["区科技局", "区科协"]);
        let contact = parse_contact(&front).expect("contact");
        assert_eq!(contact.name, "张三");
        assert_eq!(contact.phone, "023-12345678");
        assert_eq!(contact.email, "kx@example.com");
    }

    #[test]
    fn a_plan_without_its_week_or_contact_says_which_line() {
        let no_time = FRONT.replace("一、活动时间\n2025年5月24日至5月31日。\n", "");
        let lines_no_time = lines(&no_time);
        let front = parse_front(&lines_no_time).expect("reads");
        let e = parse_week(&front).unwrap_err().to_string();
        assert!(e.contains("活动时间"), "{e}");
        let no_contact = FRONT.replace("联系人：", "电话：");
        let lines_no_contact = lines(&no_contact);
        let front = parse_front(&lines_no_contact).expect("reads");
        let e = parse_contact(&front).unwrap_err().to_string();
        assert!(e.contains("联系人"), "{e}");
    }
}
