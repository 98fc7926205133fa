//! The attachment table: cells (a line starting with a TAB, continued by lines without one)
//! grouped into rows, columns found by their header, and each row read into a [`Base`] with
//! its contacts and the [`Session`]s of its schedule cell.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::clauses::{parse_clause, split_clauses};
use super::error::{ImportError, Line};
use yubei_core::model::{content_id, Base, BaseContact, Session};

/// A table cell: its text (continuation lines joined with `\n`) and its first line.
#[derive(Clone, Debug)]
struct Cell {
    line: usize,
    text: String,
}

impl Cell {
    /// The line of byte offset `at` of the text.
    fn line_at(&self, at: usize) -> usize {
        self.line + self.text[..at.min(self.text.len())].matches('\n').count()
    }
}

#[derive(Clone, Debug)]
pub(super) struct Row {
    line: usize,
    cells: Vec<Cell>,
}

impl Row {
    fn text(&self) -> String {
        self.cells
            .iter()
            .map(|c| c.text.replace('\n', " "))
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// Groups the table's lines into rows of cells (blank lines separate rows).
pub(super) fn read_rows(lines: &[Line]) -> Result<Vec<Row>, ImportError> {
    let mut rows = Vec::new();
    let mut current: Option<Row> = None;
    for l in lines {
        if let Some(cell) = l.text.strip_prefix('\t') {
            let cell = Cell {
                line: l.no,
                text: cell.trim().to_string(),
            };
            match current.as_mut() {
                Some(row) => row.cells.push(cell),
                None => {
                    current = Some(Row {
                        line: l.no,
                        cells: vec![cell],
                    })
                }
            }
        } else if l.text.trim().is_empty() {
            rows.extend(current.take());
        } else if let Some(last) = current.as_mut().and_then(|r| r.cells.last_mut()) {
            last.text.push('\n');
            last.text.push_str(l.text.trim());
        } else {
            return Err(ImportError::new(
                l.no,
                "table",
                l.text.trim(),
                "text between table rows (every cell must start with a TAB)",
            ));
        }
    }
    rows.extend(current);
    Ok(rows)
}

/// Where each field sits in the table, found from the header row.
struct Columns {
    number: usize,
    name: usize,
    category: usize,
    address: usize,
    contact: usize,
    phone: usize,
    schedule: usize,
}

fn find_columns(header: &Row) -> Result<Columns, ImportError> {
    let find = |label: &str, pred: &dyn Fn(&str) -> bool| {
        header
            .cells
            .iter()
            .position(|c| pred(c.text.as_str()))
            .ok_or_else(|| {
                ImportError::new(
                    header.line,
                    "header row",
                    &header.text(),
                    format!("no {label} column"),
                )
            })
    };
    Ok(Columns {
        number: find("序号", &|c| c == "序号")?,
        name: find("名称", &|c| c.contains("名称"))?,
        category: find("类型", &|c| c.contains("类型"))?,
        address: find("地址", &|c| c.contains("地址"))?,
        contact: find("联系人", &|c| {
            c.contains("联系人") && !c.contains("电话")
        })?,
        phone: find("电话", &|c| c.contains("电话"))?,
        schedule: find("活动安排", &|c| c.contains("活动"))?,
    })
}

/// A phone number as written: digits with `-`, `+` or brackets, at least 5 digits.
fn is_phone(s: &str) -> bool {
    s.chars().filter(char::is_ascii_digit).count() >= 5
        && s.chars()
            .all(|c| c.is_ascii_digit() || "-+()（）－".contains(c))
}

/// Pairs the names of the 联系人 cell with the numbers of the phone cell: one name gets every
/// number, otherwise names and numbers must pair up one to one.
fn parse_contacts(names: &Cell, phones: &Cell) -> Result<Vec<BaseContact>, ImportError> {
    let names_list: Vec<&str> = names
        .text
        .split(|c: char| c.is_whitespace() || "、，,/".contains(c))
        .filter(|n| !n.is_empty())
        .collect();
    let mut numbers = Vec::new();
    let is_sep = |c: char| c.is_whitespace() || "、，,/；;".contains(c);
    let mut pieces = Vec::new();
    let mut start = None;
    let text = &phones.text;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (is_sep(c), start) {
            (true, Some(from)) => {
                pieces.push((from, &text[from..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    for (offset, piece) in pieces {
        if !is_phone(piece) {
            return Err(ImportError {
                line: phones.line_at(offset),
                what: "phone",
                token: Some(piece.to_string()),
                text: phones.text.clone(),
                reason: "not a phone number".into(),
            });
        }
        numbers.push(piece.to_string());
    }
    match names_list.len() {
        0 if numbers.is_empty() => Ok(Vec::new()),
        0 => Ok(vec![BaseContact {
            name: String::new(),
            phones: numbers,
        }]),
        1 => Ok(vec![BaseContact {
            name: names_list[0].to_string(),
            phones: numbers,
        }]),
        n if n == numbers.len() => Ok(names_list
            .iter()
            .zip(numbers)
            .map(|(name, phone)| BaseContact {
                name: name.to_string(),
                phones: vec![phone],
            })
            .collect()),
        n => Err(ImportError::new(
            names.line,
            "联系人",
            &names.text,
            format!(
                "cannot tell which of {} phone numbers belongs to which of {n} contacts",
                numbers.len()
            ),
        )),
    }
}

/// Reads the table: its header row, then each data row into a base and its sessions.
pub(super) fn parse_table(
    rows: &[Row],
    year: i32,
) -> Result<(Vec<Base>, Vec<Session>), ImportError> {
    let (header, data) = split_header(rows)?;
    let width = header.cells.len();
    let mut table = TableReader::new(find_columns(header)?, year);
    for raw in data {
        for row in split_by_width(raw, width)? {
            table.read_row(&row)?;
        }
    }
    if table.bases.is_empty() {
        return Err(ImportError::new(
            header.line,
            "table",
            &header.text(),
            "the table has no rows after its header",
        ));
    }
    Ok((table.bases, table.sessions))
}

/// Reads the header row, the first one, which must start with 序号; returns it and the data
/// rows after it.
fn split_header(rows: &[Row]) -> Result<(&Row, &[Row]), ImportError> {
    let Some((header, data)) = rows.split_first() else {
        return Err(ImportError::new(1, "table", "", "the table is empty"));
    };
    if header.cells.first().map(|c| c.text.as_str()) != Some("序号") {
        return Err(ImportError {
            line: header.line,
            what: "table",
            token: header.cells.first().map(|c| c.text.clone()),
            text: header.text(),
            reason: "the table does not start with its header row (序号, 科普基地名称, …)".into(),
        });
    }
    Ok((header, data))
}

/// Reads the table rows in one run of cells up to a blank line: rows not separated by a blank
/// line arrive together, so the run is split by the header width.
fn split_by_width(raw: &Row, width: usize) -> Result<impl Iterator<Item = Row> + '_, ImportError> {
    if !raw.cells.len().is_multiple_of(width) {
        let n = raw.cells.len();
        return Err(ImportError::new(
            raw.line,
            "table row",
            &raw.text(),
            format!("the row has {n} cells, the header has {width}"),
        ));
    }
    Ok(raw.cells.chunks(width).map(|chunk| Row {
        line: chunk[0].line,
        cells: chunk.to_vec(),
    }))
}

/// The bases and sessions read from the data rows so far, with the line each id was read
/// on so that a second row or clause with the same id can point at the first.
struct TableReader {
    cols: Columns,
    /// The year of the dates written without one.
    year: i32,
    bases: Vec<Base>,
    sessions: Vec<Session>,
    base_lines: HashMap<String, usize>,
    session_lines: HashMap<String, usize>,
}

impl TableReader {
    /// Before the first data row.
    fn new(cols: Columns, year: i32) -> Self {
        TableReader {
            cols,
            year,
            bases: Vec::new(),
            sessions: Vec::new(),
            base_lines: HashMap::new(),
            session_lines: HashMap::new(),
        }
    }

    /// Reads one data row: its base, then the sessions of its schedule cell.
    fn read_row(&mut self, row: &Row) -> Result<(), ImportError> {
        let base = parse_base(row, &self.cols)?;
        if let Some(prev) = self.base_lines.insert(base.id.clone(), row.line) {
            let cell = &row.cells[self.cols.name];
            return Err(ImportError::new(
                cell.line,
                "科普基地名称",
                &cell.text,
                format!("the same base is already in the row on line {prev}"),
            ));
        }
        self.read_sessions(&row.cells[self.cols.schedule], &base)?;
        self.bases.push(base);
        Ok(())
    }

    /// Reads the schedule cell of `base`, a session per clause.
    fn read_sessions(&mut self, cell: &Cell, base: &Base) -> Result<(), ImportError> {
        for (offset, source) in split_clauses(&cell.text) {
            let line = cell.line_at(offset);
            let clause = parse_clause(source, self.year).map_err(|f| f.at(line, source))?;
            let iso = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let (start, end) = (iso(clause.start), iso(clause.end));
            let id = content_id("s", &[&base.id, &start, &end, &clause.title]);
            if let Some(prev) = self.session_lines.insert(id.clone(), line) {
                return Err(ImportError::new(
                    line,
                    "clause",
                    source,
                    format!("the same session (base, dates, title) is already on line {prev}"),
                ));
            }
            self.sessions.push(Session {
                id,
                base: base.id.clone(),
                title: clause.title,
                start: clause.start,
                end: clause.end,
                at_base: clause.place.is_none(),
                place: clause.place.unwrap_or_else(|| base.name.clone()),
                note: clause.note,
                source: source.to_string(),
            });
        }
        Ok(())
    }
}

fn parse_base(row: &Row, cols: &Columns) -> Result<Base, ImportError> {
    let number_cell = &row.cells[cols.number];
    let number = number_cell.text.parse::<u32>().map_err(|_| {
        ImportError::new(
            number_cell.line,
            "序号",
            &number_cell.text,
            "a row must start with its number (序号)",
        )
    })?;
    let name_cell = &row.cells[cols.name];
    if name_cell.text.is_empty() {
        return Err(ImportError::new(
            name_cell.line,
            "table row",
            &row.text(),
            "the base has no name",
        ));
    }
    let name = name_cell.text.clone();
    Ok(Base {
        id: content_id("b", &[&name]),
        number,
        name,
        category: row.cells[cols.category].text.clone(),
        address: row.cells[cols.address].text.clone(),
        contacts: parse_contacts(&row.cells[cols.contact], &row.cells[cols.phone])?,
        schedule_text: row.cells[cols.schedule].text.clone(),
        row: row.cells.iter().map(|c| c.text.clone()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.split('\n')
            .enumerate()
            .map(|(i, text)| Line { no: i + 10, text })
            .collect()
    }

    fn cell(text: &str) -> Cell {
        Cell {
            line: 3,
            text: text.into(),
        }
    }

    #[test]
    fn rows_of_tab_cells_continued_and_separated_by_blank_lines() {
        let rows = read_rows(&lines("\t序号\n\t名称\n\n\t1\n\t气象\n馆\n\n\n\t2")).unwrap();
        let texts: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [vec!["序号", "名称"], vec!["1", "气象\n馆"], vec!["2"]]
        );
        assert_eq!(rows[1].line, 13);
        assert_eq!(rows[1].cells[1].line_at("气象\n".len()), 15);
        assert_eq!(rows[1].text(), "1 | 气象 馆");
        let err = read_rows(&lines("stray\n\t1")).unwrap_err();
        assert_eq!((err.line, err.what), (10, "table"));
    }

    #[test]
    fn contacts_pair_names_with_numbers() {
        assert!(is_phone("023-67821101"));
        assert!(is_phone("（023）6782"));
        assert!(!is_phone("1234"));
        assert!(!is_phone("023-6782 转"));
        let one = parse_contacts(&cell("李康"), &cell("023-67821101 13908370679")).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].phones, ["023-67821101", "13908370679"]);
        let two = parse_contacts(&cell("甲、乙"), &cell("13908370679；02367258738")).unwrap();
        assert_eq!(two[1].name, "乙");
        assert_eq!(two[1].phones, ["02367258738"]);
        let err = parse_contacts(&cell("甲、乙"), &cell("13908370679")).unwrap_err();
        assert_eq!(err.what, "联系人");
        let err = parse_contacts(&cell("甲"), &cell("02367821101\n6782x")).unwrap_err();
        assert_eq!((err.line, err.token.as_deref()), (4, Some("6782x")));
    }
}
