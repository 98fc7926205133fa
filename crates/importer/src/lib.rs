//! Reads the published notice (plain text as copied from the district's site, e.g.
//! `data/notice-2024.txt`) into a [`Dataset`]. Pure: it takes the text and returns either the
//! dataset or the first place it cannot read, as a line-numbered [`ImportError`].
//!
//! The notice is laid out as:
//!
//! 1. the issuer (`重庆市渝北区人民政府办公室`), the title (possibly broken over several lines)
//!    and the cover letter: the salutation (a line ending with `：`) up to the publication date
//!    line (`2024年5月17日`) and any bracketed remark after it (`（此件公开发布）`);
//! 2. the plan title (`2024年渝北区科技活动周实施方案`), its preamble, then the sections
//!    `一、活动时间` … `五、工作要求`, one paragraph a line; the main activities are the
//!    `（一）`…`（八）` paragraphs of `四、主要活动`; the `联系人：…` line closes the plan;
//! 3. a line `附件`, the table's title, and the table: every cell is a line starting with a TAB,
//!    a line without a TAB continues the cell above it, and a blank line ends a row. The first
//!    row is the header (序号, 科普基地名称, 基地类型, 科普基地地址, 联系人, 联系人电话,
//!    近期活动安排); columns are found by their header, not by position.
//!
//! Each base's 近期活动安排 cell is split into clauses on `；`/`;` (outside brackets and
//! quotes); each clause is `<date spec>[在<place>开展|召开|举办|举行|进行]<title>[（<note>）]`,
//! see [`dates::parse_date_spec`] for the date formats. The year of every date comes from the
//! notice (活动时间, else the plan title, else the publication date), never from a constant.
//!
//! The stages, one module each, in the order of the notice: [`front`] (everything before the
//! table), [`table`] (the attachment table, its rows and contacts), [`clauses`] (a schedule
//! cell's free text), with [`dates`] and [`brackets`] for the text inside them; [`error`] is
//! what they report. Last, [`readings`] adds how the Han characters of the dataset are
//! read (pinyin), for search by pronunciation.

mod brackets;
mod clauses;
mod dates;
pub mod edition;
mod error;
mod front;
mod readings;
mod table;

use chrono::Datelike;

pub use error::ImportError;
use error::Line;
use front::{parse_activities, parse_contact, parse_front, parse_week, Front};
pub use readings::readings_of;
use table::{parse_table, read_rows};

use yubei_core::model::{Dataset, Notice, Readings, Section, SCHEMA_VERSION};

/// Serializes a dataset exactly as `data/yubei-2024.json` is written: pretty JSON plus a
/// trailing newline.
pub fn to_json(dataset: &Dataset) -> Result<String, serde_json::Error> {
    let mut out = serde_json::to_string_pretty(dataset)?;
    out.push('\n');
    Ok(out)
}

/// Parses the whole notice. See the module documentation for the layout it expects.
pub fn parse_notice(text: &str) -> Result<Dataset, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            text: l.strip_suffix('\r').unwrap_or(l),
        })
        .collect();
    let table_start = lines
        .iter()
        .position(|l| l.text.starts_with('\t'))
        .unwrap_or(lines.len());
    let front = parse_front(&lines[..table_start])?;

    let week = parse_week(&front)?;
    let activities = parse_activities(&front)?;
    let contact = parse_contact(&front)?;

    if table_start == lines.len() {
        let last = lines
            .iter()
            .rev()
            .find(|l| !l.text.trim().is_empty())
            .unwrap_or(&lines[lines.len() - 1]);
        return Err(ImportError::new(
            last.no,
            "attachment table",
            last.text.trim(),
            "the notice ends without a table (no line starts with a TAB)",
        ));
    }
    let rows = read_rows(&lines[table_start..])?;
    let (bases, sessions) = parse_table(&rows, week.start.year())?;

    let Front {
        issuer,
        title,
        published,
        plan_title,
        sections,
        ..
    } = front;
    let mut dataset = Dataset {
        version: SCHEMA_VERSION,
        notice: Notice {
            issuer,
            title,
            published,
            plan_title,
            sections: sections
                .into_iter()
                .map(|s| Section {
                    heading: s.heading,
                    paragraphs: s.paras.into_iter().map(|p| p.text).collect(),
                })
                .collect(),
            contact,
        },
        week,
        activities,
        bases,
        sessions,
        readings: Readings::default(),
    };
    dataset.readings = readings_of(&dataset);
    Ok(dataset)
}
