//! Synthetic datasets for `make bench`: grows the real dataset to N sessions, deterministically.
//!
//! Usage: `synth <real.json> <sessions> <out.json>`
//!
//! The real sessions come first, unchanged (so 航空 still finds the real one). Every further
//! round `k` adds a variant of each real session: its title, place, dates and source clause
//! are varied, and it is held at a branch of its base (a new base every [`ROUNDS_PER_BRANCH`]
//! rounds, with a varied name and address). Ids are recomputed the way the importer computes
//! them; the rare 32-bit id collision is re-rolled with a marked title, and the output is
//! checked to have unique session and base ids, so the app itself could load it.

use std::collections::HashSet;
use std::process::ExitCode;

use chrono::Duration;
use yubei_core::model::{content_id, Base, Dataset, Session};

/// Rounds that share one generation of branch bases: ~80 generations of 13 bases at 20,000.
const ROUNDS_PER_BRANCH: usize = 10;

/// Words mixed into varied titles, so the text is not one repeated suffix.
const TOPICS: [&str; 8] = [
    "亲子专场",
    "周末场",
    "青少年场",
    "社区场",
    "校园行",
    "线上直播",
    "体验营",
    "讲座",
];

/// Rooms appended to varied places.
const ROOMS: [&str; 5] = ["一号厅", "二号厅", "报告厅", "广场", "多功能室"];

fn branch(base: &Base, generation: usize) -> Base {
    let name = format!("{}第{}分馆", base.name, generation);
    let address = format!("{}附{}号", base.address, generation);
    let mut row = base.row.clone();
    if let Some(cell) = row.get_mut(1) {
        cell.clone_from(&name);
    }
    if let Some(cell) = row.get_mut(3) {
        cell.clone_from(&address);
    }
    Base {
        id: content_id("b", &[&name]),
        name,
        address,
        row,
        ..base.clone()
    }
}

/// Variant `k` of `s`, held at `base`. `extra` (0 normally) marks a re-roll after an id
/// collision: ids are 32-bit hashes, so a few collide among tens of thousands of sessions.
fn variant(
    s: &Session,
    k: usize,
    extra: usize,
    base: &Base,
    real_base_name: Option<&str>,
) -> Session {
    let mut title = format!("{}（{}·第{}期）", s.title, TOPICS[k % TOPICS.len()], k);
    if extra > 0 {
        title.push_str(&format!("加场{extra}"));
    }
    let place = if s.at_base {
        base.name.clone()
    } else {
        format!("{}{}", s.place, ROOMS[k % ROOMS.len()])
    };
    // Dates move by 0..=6 days; an undated session stays undated.
    let shift = Duration::days((k % 7) as i64);
    let start = s.start.map(|d| d + shift);
    let end = s.end.map(|d| d + shift);
    let mut source = s.source.replace(&s.title, &title);
    if !s.place.is_empty() {
        source = source.replace(&s.place, &place);
    }
    if let Some(name) = real_base_name {
        source = source.replace(name, &base.name);
    }
    let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    Session {
        id: content_id("s", &[&base.id, &iso(start), &iso(end), &title]),
        base: base.id.clone(),
        title,
        start,
        end,
        place,
        at_base: s.at_base,
        note: s.note.clone(),
        source,
    }
}

/// The real dataset grown to `n` sessions (or cut to `n` when it has more).
fn synthesize(real: &Dataset, n: usize) -> Dataset {
    let mut ds = real.clone();
    ds.sessions.truncate(n);
    let mut ids: HashSet<String> = ds.sessions.iter().map(|s| s.id.clone()).collect();
    let template = real.sessions.clone();
    if template.is_empty() {
        return ds;
    }
    let mut generation = 0;
    let mut branches: Vec<Base> = Vec::new();
    let mut k = 0;
    while ds.sessions.len() < n {
        k += 1;
        if (k - 1) % ROUNDS_PER_BRANCH == 0 {
            generation += 1;
            branches = real.bases.iter().map(|b| branch(b, generation)).collect();
            ds.bases.extend(branches.iter().cloned());
        }
        for s in &template {
            if ds.sessions.len() == n {
                break;
            }
            let at = real.bases.iter().position(|b| b.id == s.base);
            let (base, real_name) = match at {
                Some(i) => (&branches[i], Some(real.bases[i].name.as_str())),
                None => continue,
            };
            let mut extra = 0;
            let mut v = variant(s, k, extra, base, real_name);
            while !ids.insert(v.id.clone()) {
                extra += 1;
                v = variant(s, k, extra, base, real_name);
            }
            ds.sessions.push(v);
        }
    }
    // The new titles and places have characters of their own: list their readings as the
    // importer would, so search by sound is timed on a dataset like a real one. (The wasm
    // build of this binary, which cargo makes for integration tests, never runs.)
    #[cfg(not(target_arch = "wasm32"))]
    {
        ds.readings = yubei_importer::readings_of(&ds);
    }
    ds
}

fn run(args: &[String]) -> Result<String, String> {
    let [input, n, output] = args else {
        return Err("usage: synth <real.json> <sessions> <out.json>".into());
    };
    let n: usize = n
        .parse()
        .map_err(|e| format!("sessions must be a number: {e}"))?;
    let text = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
    let real: Dataset = serde_json::from_str(&text).map_err(|e| format!("{input}: {e}"))?;
    let ds = synthesize(&real, n);
    let mut ids = HashSet::new();
    for s in &ds.sessions {
        if !ids.insert(s.id.as_str()) {
            return Err(format!("duplicate session id {} ({})", s.id, s.title));
        }
    }
    let mut base_ids = HashSet::new();
    for b in &ds.bases {
        if !base_ids.insert(b.id.as_str()) {
            return Err(format!("duplicate base id {} ({})", b.id, b.name));
        }
    }
    let json = serde_json::to_string(&ds).map_err(|e| e.to_string())?;
    std::fs::write(output, &json).map_err(|e| format!("{output}: {e}"))?;
    Ok(format!(
        "synth: {output}: {} sessions, {} bases, {} bytes",
        ds.sessions.len(),
        ds.bases.len(),
        json.len()
    ))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real() -> Dataset {
        yubei_core::testing::fixtures::committed()
    }

    #[test]
    fn grows_to_exactly_n_with_unique_ids_and_the_real_sessions_first() {
        let real = real();
        let ds = synthesize(&real, 2_000);
        assert_eq!(ds.sessions.len(), 2_000);
        assert_eq!(ds.sessions[..real.sessions.len()], real.sessions[..]);
        let ids: HashSet<&str> = ds.sessions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), ds.sessions.len());
        let bases: HashSet<&str> = ds.bases.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(bases.len(), ds.bases.len());
        assert!(ds.sessions.iter().all(|s| bases.contains(s.base.as_str())));
        // Deterministic.
        assert_eq!(synthesize(&real, 2_000), ds);
    }

    #[test]
    fn ids_follow_the_importer_rule_and_dates_stay_ordered() {
        let ds = synthesize(&real(), 300);
        let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        for s in &ds.sessions {
            let id = content_id("s", &[&s.base, &iso(s.start), &iso(s.end), &s.title]);
            assert_eq!(s.id, id, "{}", s.title);
            assert_eq!(s.start.is_some(), s.end.is_some());
            assert!(s.start <= s.end);
        }
        assert_eq!(synthesize(&real(), 10).sessions.len(), 10);
    }
}
