//! Lone surrogate escapes (`"\ud800"`): the browser's `JSON.parse` accepts them, serde_json
//! refuses them as a syntax error. Read here as U+FFFD, as a browser shows them.

use serde::de::DeserializeOwned;
use serde_json::error::Category;

/// `bytes` (one JSON value) with every `\uXXXX` escape of a surrogate that is not half of a
/// pair (a high one followed by an escaped low one) written `\ufffd`; `None` when it has
/// none. Only escapes inside strings are looked at (`"\\ud800"` is a backslash and text).
pub(super) fn without_lone_surrogates(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let (mut in_string, mut i, mut copied) = (false, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => {
                let Some(unit) = escaped_unit(bytes, i) else {
                    // Any other escape: skip the escaped byte.
                    i += 2;
                    continue;
                };
                let high = (0xd800..0xdc00).contains(&unit);
                let paired = high
                    && escaped_unit(bytes, i + 6).is_some_and(|u| (0xdc00..0xe000).contains(&u));
                if paired {
                    i += 12;
                    continue;
                }
                if (0xd800..0xe000).contains(&unit) {
                    let out = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
                    out.extend_from_slice(&bytes[copied..i]);
                    out.extend_from_slice(b"\\ufffd");
                    copied = i + 6;
                }
                i += 6;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut out = out?;
    out.extend_from_slice(&bytes[copied..]);
    Some(out)
}

/// The code unit of a `\uXXXX` escape at `at`, if there is one.
fn escaped_unit(bytes: &[u8], at: usize) -> Option<u32> {
    let hex = bytes.get(at..at + 6)?.strip_prefix(b"\\u")?;
    let text = std::str::from_utf8(hex).ok()?;
    u32::from_str_radix(text, 16).ok()
}

/// `serde_json::from_slice`, reading a lone surrogate escape as U+FFFD (see the module doc).
pub(super) fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    match serde_json::from_slice(bytes) {
        Err(e) if e.classify() == Category::Syntax => match without_lone_surrogates(bytes) {
            Some(fixed) => serde_json::from_slice(&fixed),
            None => Err(e),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(json: &str) -> Option<String> {
        without_lone_surrogates(json.as_bytes()).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn only_lone_surrogate_escapes_in_strings_become_the_replacement_character() {
        assert_eq!(fixed(r#""a\ud800b""#).as_deref(), Some(r#""a\ufffdb""#));
        assert_eq!(
            fixed(r#""\uDC00\uD800""#).as_deref(),
            Some(r#""\ufffd\ufffd""#)
        );
        assert_eq!(
            fixed(r#"["\ud800\n", "\udbff"]"#).as_deref(),
            Some(r#"["\ufffd\n", "\ufffd"]"#)
        );
        // A pair, a plain escape, an escaped backslash before `ud800`: left alone.
        assert_eq!(fixed(r#""\ud83d\ude00 \u0041 \\ud800""#), None);
        assert_eq!(fixed(r#"{"a": 1}"#), None);
        // A high one followed by a high one: both lone.
        assert_eq!(
            fixed(r#""\ud800\ud800""#).as_deref(),
            Some(r#""\ufffd\ufffd""#)
        );
    }

    #[test]
    fn a_lone_surrogate_reads_as_the_replacement_character() {
        let s: String = from_slice(br#""x\ud800y""#).unwrap();
        assert_eq!(s, "x\u{fffd}y");
        // Other syntax errors stay errors.
        assert!(from_slice::<String>(br#""x\q""#).is_err());
    }
}
