//! The free-text schedule: a base's 近期活动安排 cell split into clauses, each read as
//! `<date spec>[在<place><verb>]<title>[（<note>）]` (see [`parse_clause`]).

use chrono::NaiveDate;

use super::brackets::{check_balanced, find_top_level, quoted, trailing_bracket, with_depth};
use super::dates::parse_date_spec;
use super::error::Fault;

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

#[cfg(test)]
mod tests {
    use super::*;
    use yubei_core::testing::d;

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
}
