//! The id of a session as a bookmark, a link and the storage hold it: the shape rule in one
//! place, checked once where an id comes in (a link, a stored value, the dataset), so that a
//! [`SessionId`] is valid wherever it goes.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// Longest id accepted (session ids are a letter and 8 hex digits; the limit leaves room for
/// future id schemes).
pub const MAX_ID_LEN: usize = 32;

/// The shape of every id a link or a plan holds, a session's or a base's: 1 to [`MAX_ID_LEN`]
/// characters of `[a-z0-9]`.
pub fn has_id_shape(text: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// A session id of the shape every plan can hold ([`has_id_shape`]). The same rule as the `plan=` URL parameter, so every plan can be shared as a
/// link and every id survives a round trip through storage and URLs unchanged, without
/// escaping. The dataset's own `Session::id` stays a `String` (a field of the published
/// format); the loader leaves out a session whose id does not have this shape.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionId(String);

impl SessionId {
    /// `text` as an id, when it has the shape ([`has_id_shape`]).
    pub fn parse(text: &str) -> Option<SessionId> {
        has_id_shape(text).then(|| SessionId(text.to_owned()))
    }

    /// `text` as an id without copying it, when it has the shape.
    pub fn from_string(text: String) -> Option<SessionId> {
        has_id_shape(&text).then_some(SessionId(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for SessionId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SessionId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SessionId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<SessionId> for String {
    fn from(id: SessionId) -> String {
        id.0
    }
}

impl PartialEq<str> for SessionId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for SessionId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for SessionId {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_is_lowercase_ascii_letters_and_digits_up_to_32() {
        assert!(has_id_shape("s1234abcd"));
        assert!(has_id_shape(&"a".repeat(32)));
        assert!(!has_id_shape(&"a".repeat(33)));
        assert!(!has_id_shape(""));
        assert!(!has_id_shape("S1234ABCD"));
        assert!(!has_id_shape("s1,s2"));
        assert!(!has_id_shape("s-1"));
        assert!(!has_id_shape("ｓ１"));
    }

    #[test]
    fn an_id_is_made_only_of_a_text_of_that_shape() {
        let id = SessionId::parse("s1234abcd").unwrap();
        assert_eq!(id.as_str(), "s1234abcd");
        assert_eq!(id.to_string(), "s1234abcd");
        assert_eq!(id, "s1234abcd");
        assert_eq!(SessionId::parse("s-1"), None);
        assert_eq!(SessionId::from_string("X".into()), None);
        assert_eq!(
            SessionId::from_string("x".into()).map(String::from),
            Some("x".into())
        );
    }
}
