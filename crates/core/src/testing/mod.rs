//! What the tests share: dates in 2024, the committed dataset, and the datasets built for
//! tests ([`fixtures`]). Compiled for this crate's unit tests and, through the `testing`
//! feature, for the other crates' tests (their dev-dependency on the core turns it on).
//!
//! The dates and the committed text need nothing but chrono, so the model's own tests can use
//! them; the datasets, built on the model, are a module of their own above it.

use chrono::NaiveDate;

pub mod fixtures;

/// A day of 2024, the year of the week: `d(5, 25)` is 2024-05-25.
pub fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, day).unwrap()
}

/// Session ids of the right shape, for tests: `ids(&["s1", "s2"])`.
pub fn ids(texts: &[&str]) -> Vec<crate::session_id::SessionId> {
    texts
        .iter()
        .map(|t| crate::session_id::SessionId::parse(t).expect("an id of the right shape"))
        .collect()
}

/// The committed dataset as it is published (`data/yubei-2024.json`).
pub const COMMITTED: &str = include_str!("../../../../data/yubei-2024.json");
