//! The text of a data block: JSON the build writes into a page inside a `<script>` element
//! whose type the browser never runs (`application/json`, `application/ld+json`), such as the
//! page's edition ([`crate::edition::PageEdition`]) and its schema.org data
//! ([`crate::event_data`]).

use serde::Serialize;

/// `value` as JSON, with every `<` written as `\u003c`: the same JSON to a parser, but no
/// value (a title holding `</script>` or `<!--`) can end or change the element it is in.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        .expect("a data block serializes")
        .replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_value_can_end_the_element_and_the_json_is_the_same() {
        let value = serde_json::json!({ "name": "</script><!-- <script>alert(1)</script>" });
        let text = to_json(&value);
        assert!(!text.contains('<'), "{text}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
    }
}
