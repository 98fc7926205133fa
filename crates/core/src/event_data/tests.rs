//! The week's schema.org data from the committed dataset: every dated session once, with its
//! dates, place and base; nothing made up; no title ends the element; and the structure
//! schema.org needs, checked over the whole document.

use super::*;
use crate::testing::fixtures::committed;
use crate::url_state::UrlView;
use serde_json::{json, Value};

/// The properties each schema.org type must have wherever it is in the data: Google's
/// required and recommended ones for an event, and what a place, its address and an
/// organizer need to be read.
const REQUIRED: &[(&str, &[&str])] = &[
    (
        "Event",
        &[
            "@type",
            "name",
            "startDate",
            "endDate",
            "location",
            "eventAttendanceMode",
            "eventStatus",
            "organizer",
            "url",
        ],
    ),
    ("Place", &["name", "address"]),
    (
        "PostalAddress",
        &["addressLocality", "addressRegion", "addressCountry"],
    ),
    ("Organization", &["name"]),
];

/// What is wrong with the structure of `value` (at `path`, the top being `$`), walking
/// every object in it: one without a known `@type`, a property its type needs that is
/// missing or an empty string, `@context` anywhere but on the top object.
fn problems(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                problems(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            if map.contains_key("@context") != (path == "$") {
                out.push(format!("{path}: @context"));
            }
            let kind = map.get("@type").and_then(Value::as_str).unwrap_or("");
            match REQUIRED.iter().find(|(k, _)| *k == kind) {
                None => out.push(format!("{path}: @type {kind:?}")),
                Some((_, required)) => {
                    for property in *required {
                        match map.get(*property) {
                            None | Some(Value::Null) => {
                                out.push(format!("{path}: {kind} without {property}"))
                            }
                            Some(Value::String(s)) if s.trim().is_empty() => {
                                out.push(format!("{path}: {kind} with an empty {property}"))
                            }
                            Some(_) => {}
                        }
                    }
                }
            }
            for (key, item) in map {
                problems(item, &format!("{path}.{key}"), out);
            }
        }
        _ => {}
    }
}

fn problems_of(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    problems(value, "$", &mut out);
    out
}

fn parsed(ds: &Dataset) -> Value {
    serde_json::from_str(&week_event(ds, THIS_PAGE).to_json()).expect("JSON")
}

fn sub_events(value: &Value) -> &Vec<Value> {
    value["subEvent"].as_array().expect("subEvent")
}

/// The sub-events showing session `id`.
fn of<'a>(value: &'a Value, id: &str) -> Vec<&'a Value> {
    let url = format!("./?plan={id}");
    sub_events(value)
        .iter()
        .filter(|e| e["url"] == url)
        .collect()
}

#[test]
fn the_week_is_an_event_of_the_edition_in_the_district() {
    let v = parsed(&committed());
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["@type"], "Event");
    assert_eq!(v["name"], "2024渝北区科技活动周");
    assert_eq!(v["description"], "弘扬科学家精神 激发全社会创新活力");
    assert_eq!(
        (&v["startDate"], &v["endDate"]),
        (&json!("2024-05-25"), &json!("2024-06-01"))
    );
    let district = json!({
        "@type": "PostalAddress",
        "addressLocality": "渝北区",
        "addressRegion": "重庆市",
        "addressCountry": "CN"
    });
    assert_eq!(
        v["location"],
        json!({ "@type": "Place", "name": "重庆市渝北区", "address": district })
    );
    assert_eq!(
        v["organizer"],
        json!({ "@type": "Organization", "name": "重庆市渝北区人民政府办公室" })
    );
    assert_eq!(
        v["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(v["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(v["url"], "./");
}

#[test]
fn every_dated_session_is_a_sub_event_once_and_no_undated_one_is() {
    let ds = committed();
    let v = parsed(&ds);
    let (dated, undated): (Vec<&Session>, Vec<&Session>) =
        ds.sessions.iter().partition(|s| s.start.is_some());
    assert_eq!((dated.len(), undated.len()), (23, 1));
    assert_eq!(sub_events(&v).len(), dated.len());
    for s in dated {
        let found = of(&v, &s.id);
        assert_eq!(found.len(), 1, "{} {}", s.id, s.title);
        let e = found[0];
        let base = ds.base(&s.base).expect("its base");
        assert_eq!(e["@type"], "Event");
        assert_eq!(e["name"], s.title.as_str());
        assert_eq!(e["startDate"], s.start.unwrap().to_string());
        assert_eq!(e["endDate"], s.end.unwrap().to_string());
        assert_eq!(e["location"]["name"], s.place.as_str());
        let street = &e["location"]["address"]["streetAddress"];
        if s.at_base {
            assert_eq!(street, base.address.as_str(), "{}", s.title);
        } else {
            // A school, the main venue: not at the base's address.
            assert_eq!(street, &Value::Null, "{}", s.title);
        }
        assert_eq!(e["location"]["address"]["addressLocality"], "渝北区");
        assert_eq!(e["organizer"]["name"], base.name.as_str());
        assert_eq!(
            e["organizer"]["address"]["streetAddress"],
            base.address.as_str()
        );
    }
    for s in undated {
        assert!(of(&v, &s.id).is_empty(), "{}", s.title);
        assert!(!v.to_string().contains(&s.id), "{}", s.id);
    }
    // Both kinds of location are in the committed week: 11 at a base, 12 elsewhere.
    let at_base = |e: &&Value| e["location"]["address"].get("streetAddress").is_some();
    assert_eq!(sub_events(&v).iter().filter(at_base).count(), 11);
}

#[test]
fn a_sessions_url_is_its_shared_plan_view_of_it_alone() {
    let ds = committed();
    let v = parsed(&ds);
    assert_eq!(of(&v, "s60731c05").len(), 1);
    for e in sub_events(&v) {
        let query = e["url"].as_str().unwrap().strip_prefix("./").unwrap();
        let view = UrlView::from_query(query);
        assert!(view.problems.is_empty(), "{query}");
        let plan = view.state.plan.clone().expect("a plan");
        assert_eq!(plan.len(), 1);
        assert!(ds.session(&plan[0]).is_some());
        let alone = UrlState {
            plan: Some(plan),
            ..UrlState::default()
        };
        assert_eq!(view.state, alone, "{query}");
    }
    // With an absolute address for the page, absolute URLs.
    let page = "https://example.org/2024/";
    let week = week_event(&ds, page);
    assert_eq!(week.event.url, page);
    assert_eq!(
        week.event.sub_event[0].url,
        format!("{page}?plan={}", ds.sessions[0].id)
    );
}

#[test]
fn free_only_where_the_notice_says_so() {
    let mut ds = committed();
    let v = parsed(&ds);
    let free: Vec<&str> = ds
        .sessions
        .iter()
        .filter(|s| s.start.is_some() && s.source.contains("免费"))
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(free.len(), 4, "{free:?}");
    for s in ds.sessions.iter().filter(|s| s.start.is_some()) {
        let e = of(&v, &s.id)[0];
        if free.contains(&s.id.as_str()) {
            assert_eq!(e["isAccessibleForFree"], true, "{}", s.title);
        } else {
            assert!(e.get("isAccessibleForFree").is_none(), "{}", s.title);
        }
    }
    // A note saying so is enough.
    ds.sessions[0].note = Some("免费，需预约".into());
    assert!(!ds.sessions[0].source.contains("免费"));
    let id = ds.sessions[0].id.clone();
    assert_eq!(of(&parsed(&ds), &id)[0]["isAccessibleForFree"], true);
}

#[test]
fn no_title_can_end_the_script_element() {
    let mut ds = committed();
    let hostile = "</script><script>alert(1)</script><!--";
    ds.sessions[0].title = hostile.into();
    ds.sessions[0].place = hostile.into();
    ds.bases[0].name = hostile.into();
    ds.week.theme = hostile.into();
    let text = week_event(&ds, THIS_PAGE).to_json();
    assert!(!text.contains('<'), "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["description"], hostile);
    let e = of(&v, &ds.sessions[0].id)[0];
    assert_eq!(
        (&e["name"], &e["location"]["name"]),
        (&json!(hostile), &json!(hostile))
    );
    assert_eq!(e["organizer"]["name"], hostile);
}

#[test]
fn every_event_place_address_and_organizer_has_what_schema_org_needs() {
    let v = parsed(&committed());
    assert_eq!(problems_of(&v), Vec::<String>::new());
    // The check finds what is missing anywhere, at any depth.
    let mut broken = v.clone();
    let sub = &mut broken["subEvent"][3];
    sub.as_object_mut().unwrap().remove("url");
    sub["location"]["address"]
        .as_object_mut()
        .unwrap()
        .remove("addressCountry");
    sub["organizer"]["name"] = json!(" ");
    broken["location"]["@context"] = json!("https://schema.org");
    broken["subEvent"][5]["@type"] = json!("Evnt");
    assert_eq!(
        problems_of(&broken),
        [
            "$.location: @context",
            "$.subEvent[3]: Event without url",
            "$.subEvent[3].location.address: PostalAddress without addressCountry",
            "$.subEvent[3].organizer: Organization with an empty name",
            "$.subEvent[5]: @type \"Evnt\"",
        ]
    );
}

#[test]
fn what_the_dataset_does_not_say_is_left_out_never_made_up() {
    let mut ds = committed();
    // A base the dataset lacks: the place alone, and no organizer.
    let id = ds.sessions[1].id.clone();
    ds.sessions[1].base = "bdeadbeef".into();
    assert!(ds.sessions[1].at_base);
    // An id no link can hold: no view to point at.
    ds.sessions[2].id = "S-2".into();
    // A title naming no district: no locality.
    ds.notice.plan_title = "活动方案".into();
    let v = parsed(&ds);
    assert_eq!(sub_events(&v).len(), 22);
    let e = of(&v, &id)[0];
    assert_eq!(
        e["location"],
        json!({
            "@type": "Place",
            "name": ds.sessions[1].place,
            "address": { "@type": "PostalAddress", "addressRegion": "重庆市", "addressCountry": "CN" }
        })
    );
    assert!(e.get("organizer").is_none());
    assert_eq!(v["location"]["name"], "重庆市");
    assert_eq!(v["name"], "2024科技活动周");
}
