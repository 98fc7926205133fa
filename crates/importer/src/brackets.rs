//! Brackets and quotes in the notice's free text: matching pairs, what is at the top level
//! (outside every bracket and quote), a trailing bracket, a quoted title.

use super::error::Fault;

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
pub(super) fn with_depth(s: &str) -> Vec<(usize, char, usize)> {
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
pub(super) fn check_balanced(s: &str) -> Result<(), Fault> {
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
pub(super) fn find_top_level<'p>(s: &str, pats: &[&'p str]) -> Option<(usize, &'p str)> {
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
pub(super) fn trailing_bracket(s: &str) -> Option<(usize, &str)> {
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
pub(super) fn quoted(s: &str) -> Option<&str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets() {
        assert_eq!(
            trailing_bracket("甲（乙（丙）丁）"),
            Some(("甲".len(), "乙（丙）丁"))
        );
        assert_eq!(trailing_bracket("甲（乙）丁"), None);
        assert_eq!(
            find_top_level("A（开展）B开展C", &["召开", "开展"]),
            Some(("A（开展）B".len(), "开展"))
        );
        assert_eq!(quoted("开展“气象+”活动"), Some("气象+"));
        assert_eq!(quoted("开展\"气象+\"活动"), Some("气象+"));
        assert!(check_balanced("（“”）").is_ok());
        assert!(check_balanced("（“）”").is_err());
    }
}
