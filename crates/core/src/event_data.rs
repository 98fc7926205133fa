//! The week as schema.org `Event` data, for the JSON-LD block the prerender writes into each
//! edition's page (`<script type="application/ld+json">`): search engines read the week and
//! its sessions from the page itself, built at build time from the dataset it shows.
//!
//! - The week is one [`Event`] (the edition's name, the theme, its dates, the district, the
//!   notice's issuer as organizer) whose `subEvent`s are the sessions with a date, each once,
//!   in the dataset's order. A session not yet dated has no date to give and is left out.
//! - A session's `location` is its place; the `streetAddress` is the base's address only when
//!   the session is held at the base, as the calendar export does ([`crate::ics::location`]):
//!   a school or the main venue is not at the base's address. Its `organizer` is the base,
//!   with the base's address.
//! - `isAccessibleForFree` is said only where the notice says 免费 (the session's clause or
//!   note), never guessed for the others.
//! - Each `url` is an address of the page: the week's is the page, a session's the page's
//!   shared-plan view of that session alone (`?plan=<id>`, written by
//!   [`UrlState::to_query`]). The site does not know the host it is published on (the
//!   Open Graph image is relative for the same reason), so the prerender passes [`THIS_PAGE`]
//!   and the URLs are relative to the page (`./?plan=s60731c05`), which a JSON-LD reader
//!   resolves against the page's own address.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::edition::Edition;
use crate::model::{Base, Dataset, Session};
use crate::session_id::SessionId;
use crate::url_state::UrlState;

/// The page's own address, relative to it: what the prerender passes to [`week_event`].
pub const THIS_PAGE: &str = "./";

/// The province-level city of every district whose notice the importer reads.
const REGION: &str = "重庆市";

/// ISO 3166-1 alpha-2 for China.
const COUNTRY: &str = "CN";

/// What a session's notice says when entry is free.
const FREE: &str = "免费";

/// The JSON-LD document: the week's [`Event`] with the vocabulary it is written in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekEvent {
    /// `https://schema.org`, on this top object only.
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(flatten)]
    pub event: Event,
}

/// A schema.org `Event`: the week, or one of its sessions.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "@type", rename_all = "camelCase")]
pub struct Event {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The first day, `YYYY-MM-DD`.
    pub start_date: NaiveDate,
    /// The last day, inclusive, `YYYY-MM-DD`.
    pub end_date: NaiveDate,
    pub location: Place,
    /// Absent only for a session whose base the dataset does not have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organizer: Option<Organization>,
    pub event_attendance_mode: AttendanceMode,
    pub event_status: EventStatus,
    /// `Some(true)` where the notice says the session is free; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_accessible_for_free: Option<bool>,
    pub url: String,
    /// The week's sessions; empty (and absent) for a session.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sub_event: Vec<Event>,
}

/// A schema.org `Place`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "@type", rename_all = "camelCase")]
pub struct Place {
    pub name: String,
    pub address: PostalAddress,
}

/// A schema.org `PostalAddress` in the district.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "@type", rename_all = "camelCase")]
pub struct PostalAddress {
    /// The base's address as the notice writes it (`重庆市渝北区新牌坊一路68号`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// The district ([`Edition::district`]); absent when the notice's title names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_locality: Option<String>,
    pub address_region: &'static str,
    pub address_country: &'static str,
}

/// A schema.org `Organization`: the notice's issuer, or a base.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "@type", rename_all = "camelCase")]
pub struct Organization {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<PostalAddress>,
}

/// schema.org's `EventAttendanceModeEnumeration`: every session is held in person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AttendanceMode {
    #[serde(rename = "https://schema.org/OfflineEventAttendanceMode")]
    Offline,
}

/// schema.org's `EventStatusType`: the notice announces sessions, it cancels none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum EventStatus {
    #[serde(rename = "https://schema.org/EventScheduled")]
    Scheduled,
}

impl WeekEvent {
    /// The text of the page's `<script type="application/ld+json">`: JSON in which no value
    /// can end the element ([`crate::data_block::to_json`]).
    pub fn to_json(&self) -> String {
        crate::data_block::to_json(self)
    }
}

/// The week of `ds` with its dated sessions, for the page at `page_url` (an address without
/// query or fragment, relative like [`THIS_PAGE`] or absolute). A session whose id could not
/// be a link's ([`SessionId`]: the loader leaves such a session out, and the prerender refuses
/// a dataset with one) has no view to point at and is left out too.
pub fn week_event(ds: &Dataset, page_url: &str) -> WeekEvent {
    let edition = Edition::of(ds);
    let district = Some(edition.district.clone()).filter(|d| !d.is_empty());
    let address = |street: Option<&str>| PostalAddress {
        street_address: street
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from),
        address_locality: district.clone(),
        address_region: REGION,
        address_country: COUNTRY,
    };
    let bases: HashMap<&str, &Base> = ds.bases.iter().map(|b| (b.id.as_str(), b)).collect();
    let sub_event = ds
        .sessions
        .iter()
        .filter_map(|s| {
            let (start, id) = (s.start?, SessionId::parse(&s.id)?);
            let base = bases.get(s.base.as_str()).copied();
            let at_base = base.filter(|_| s.at_base).map(|b| b.address.as_str());
            let place = Place {
                name: s.place.trim().to_string(),
                address: address(at_base),
            };
            let url = format!("{page_url}{}", plan_query(id));
            Some(Event {
                organizer: base.map(|b| Organization {
                    name: b.name.clone(),
                    address: Some(address(Some(&b.address))),
                }),
                is_accessible_for_free: is_free(s).then_some(true),
                ..Event::scheduled(s.title.clone(), (start, s.end.unwrap_or(start)), place, url)
            })
        })
        .collect();
    let district_place = Place {
        name: format!("{REGION}{}", district.as_deref().unwrap_or_default()),
        address: address(None),
    };
    let dates = (ds.week.start, ds.week.end);
    WeekEvent {
        context: "https://schema.org",
        event: Event {
            description: Some(ds.week.theme.clone()).filter(|t| !t.trim().is_empty()),
            organizer: Some(Organization {
                name: ds.notice.issuer.clone(),
                address: None,
            }),
            sub_event,
            ..Event::scheduled(edition.name(), dates, district_place, page_url.to_string())
        },
    }
}

impl Event {
    /// An event held in person, as scheduled, on the days `(first, last)`, with nothing else
    /// said of it.
    fn scheduled(
        name: String,
        dates: (NaiveDate, NaiveDate),
        location: Place,
        url: String,
    ) -> Event {
        Event {
            name,
            description: None,
            start_date: dates.0,
            end_date: dates.1,
            location,
            organizer: None,
            event_attendance_mode: AttendanceMode::Offline,
            event_status: EventStatus::Scheduled,
            is_accessible_for_free: None,
            url,
            sub_event: Vec::new(),
        }
    }
}

/// The query of the shared-plan view of one session: `?plan=<id>`.
fn plan_query(id: SessionId) -> String {
    UrlState {
        plan: Some(vec![id]),
        ..UrlState::default()
    }
    .to_query()
}

/// Whether the notice says the session is free: 免费 in its clause or its note.
fn is_free(s: &Session) -> bool {
    s.source.contains(FREE) || s.note.as_deref().is_some_and(|n| n.contains(FREE))
}

#[cfg(test)]
mod tests;
