//! The importer against the real notice (`data/notice-2024.txt`): the facts a parent relies on,
//! the stability of ids, the committed JSON, and line-numbered errors for damaged copies.

// The importer is a host tool (not built for the wasm target).
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use yubei_core::model::{content_id, Base, Dataset, Session};
use yubei_importer::{parse_notice, to_json, ImportError};

const IMPORT_COMMAND: &str =
    "cargo run --release --bin import -- data/notice-2024.txt > data/yubei-2024.json";

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn seed_text() -> String {
    fs::read_to_string(repo_file("data/notice-2024.txt")).expect("data/notice-2024.txt")
}

fn seed() -> Dataset {
    parse_notice(&seed_text()).expect("the seed notice parses")
}

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, d).expect("valid test date")
}

fn base(ds: &Dataset, number: u32) -> &Base {
    ds.bases
        .iter()
        .find(|b| b.number == number)
        .unwrap_or_else(|| panic!("no base number {number}"))
}

fn sessions_of(ds: &Dataset, number: u32) -> Vec<&Session> {
    let id = &base(ds, number).id;
    ds.sessions.iter().filter(|s| &s.base == id).collect()
}

/// 1-based number of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.split('\n')
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in the text"))
        + 1
}

/// 1-based number of the first line of `text` equal to `exact`.
fn line_equal(text: &str, exact: &str) -> usize {
    text.split('\n')
        .position(|l| l == exact)
        .unwrap_or_else(|| panic!("no line {exact:?}"))
        + 1
}

/// `text` with the single occurrence of `from` replaced (panics when absent or ambiguous, so a
/// damaged-input test never silently tests the undamaged seed).
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur exactly once"
    );
    text.replacen(from, to, 1)
}

fn error_of(text: &str) -> ImportError {
    match parse_notice(text) {
        Ok(_) => panic!("the damaged notice parsed"),
        Err(e) => e,
    }
}

/// Asserts the error points at `line` and its message shows the line and every `shown` text.
fn assert_error(err: &ImportError, line: usize, shown: &[&str]) {
    let msg = err.to_string();
    assert_eq!(err.line, line, "wrong line in: {msg}");
    assert!(msg.starts_with(&format!("line {line}: ")), "{msg}");
    for s in shown {
        assert!(msg.contains(s), "{msg:?} does not show {s:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Facts of the seed

#[test]
fn seed_has_13_bases_8_activities_24_sessions() {
    let ds = seed();
    assert_eq!(ds.bases.len(), 13);
    assert_eq!(ds.activities.len(), 8);
    assert_eq!(ds.sessions.len(), 24);
    let numbers: Vec<u32> = ds.bases.iter().map(|b| b.number).collect();
    assert_eq!(numbers, (1..=13).collect::<Vec<_>>());
    let activity_numbers: Vec<u32> = ds.activities.iter().map(|a| a.number).collect();
    assert_eq!(activity_numbers, (1..=8).collect::<Vec<_>>());
}

#[test]
fn every_session_as_the_notice_lists_it() {
    type Day = Option<(u32, u32)>;
    #[rustfmt::skip]
    let expected: [(u32, Day, Day, &str); 24] = [
        (1, Some((5, 21)), Some((5, 21)), "气象+"),
        (1, Some((5, 31)), Some((5, 31)), "场馆免费开放"),
        (2, Some((5, 30)), Some((5, 30)), "团体标准培训会"),
        (3, Some((5, 25)), Some((5, 25)), "实验室开放日"),
        (4, Some((5, 25)), Some((5, 27)), "当非遗遇上科技"),
        (5, Some((5, 25)), Some((6, 1)), "场馆免费开放"),
        (6, Some((5, 25)), Some((5, 27)), "防控外来物种入侵，守护国门生物安全"),
        (7, Some((5, 25)), Some((6, 1)), "场馆免费开放"),
        (8, Some((5, 20)), Some((5, 20)), "营养助力成长"),
        (8, Some((5, 23)), Some((5, 23)), "生命的起源"),
        (8, Some((5, 25)), Some((5, 25)), "趣探妇幼科普 健康伴你同行——儿童专场"),
        (8, Some((5, 26)), Some((5, 26)), "趣探妇幼科普 健康伴你同行——妇产专场"),
        (8, Some((5, 29)), Some((5, 29)), "健康科普进校园"),
        (8, Some((5, 31)), Some((5, 31)), "童心童趣游园——贫困特殊儿童捐赠"),
        (9, Some((5, 25)), Some((5, 27)), "我们曾经都是鱼"),
        (10, None, None, "青少年进大学校园，工业科技实践活动"),
        (11, Some((5, 25)), Some((5, 27)), "科技带动发展，航空引领未来"),
        (12, Some((5, 25)), Some((5, 28)), "场馆免费开放"),
        (13, Some((5, 25)), Some((5, 25)), "中华优秀传统法律文化的传承与弘扬"),
        (13, Some((5, 26)), Some((5, 26)), "弘扬科学家精神——钱学森系统工程论对法治建设的贡献"),
        (13, Some((5, 27)), Some((5, 27)), "防范ai换脸诈骗"),
        (13, Some((5, 28)), Some((5, 28)), "器以藏礼，物以载道——追寻青铜器的金声和鸣"),
        (13, Some((5, 30)), Some((5, 30)), "探寻礼的印记——为青铜器正妆"),
        (13, Some((5, 31)), Some((5, 31)), "重庆红色法治文化资源保护宣讲"),
    ];
    let ds = seed();
    let to_date = |d: Day| d.map(|(m, day)| date(m, day));
    let expected: Vec<(u32, Option<NaiveDate>, Option<NaiveDate>, &str)> = expected
        .iter()
        .map(|&(b, s, e, t)| (b, to_date(s), to_date(e), t))
        .collect();
    let actual: Vec<(u32, Option<NaiveDate>, Option<NaiveDate>, &str)> = ds
        .sessions
        .iter()
        .map(|s| {
            let number = ds.base(&s.base).expect("session's base exists").number;
            (number, s.start, s.end, s.title.as_str())
        })
        .collect();
    assert_eq!(actual, expected);
}

#[test]
fn places_and_at_base() {
    let ds = seed();
    let first = sessions_of(&ds, 1);
    assert_eq!(first[0].place, "新牌坊小学");
    assert!(!first[0].at_base);
    assert_eq!(sessions_of(&ds, 2)[0].place, "中煤科工重庆设计研究院");
    let lab = sessions_of(&ds, 3)[0];
    assert!(lab.at_base, "在基地 is at the base");
    assert_eq!(lab.place, "重庆市人口和计划生育科学技术研究院科普基地");
    let open = sessions_of(&ds, 5)[0];
    assert!(open.at_base, "场馆免费开放 without a place is at the base");
    assert_eq!(open.place, base(&ds, 5).name);
    for s in sessions_of(&ds, 13) {
        assert!(s.at_base);
        assert_eq!(s.place, "中华优秀传统法律文化传承示范基地");
    }
    let main_venue: Vec<u32> = ds
        .sessions
        .iter()
        .filter(|s| s.place == "市主会场（创客港·未来科技园）")
        .map(|s| ds.base(&s.base).map_or(0, |b| b.number))
        .collect();
    assert_eq!(main_venue, vec![4, 6, 8, 8, 9, 11]);
}

#[test]
fn base_4_keeps_its_nested_bracket_place_whole() {
    let ds = seed();
    let s = sessions_of(&ds, 4);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].place, "市主会场（创客港·未来科技园）");
    assert!(!s[0].at_base);
    assert_eq!(s[0].title, "当非遗遇上科技");
    assert_eq!(s[0].note, None);
}

#[test]
fn base_1_open_day_note() {
    let ds = seed();
    let s = sessions_of(&ds, 1);
    assert_eq!(s.len(), 2);
    assert_eq!(s[1].title, "场馆免费开放");
    assert_eq!(s[1].note.as_deref(), Some("其他时间预约开放"));
    assert!(s[1].at_base);
    assert_eq!(s[1].place, "重庆市气象科普馆");
    assert_eq!(s[1].source, "5.31场馆免费开放（其他时间预约开放）。");
    assert_eq!(s[0].note, None);
    assert_eq!(s[0].source, "5.21在新牌坊小学开展“气象+”活动");
}

#[test]
fn base_9_month_omitted_range() {
    let ds = seed();
    let s = sessions_of(&ds, 9);
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].start, s[0].end),
        (Some(date(5, 25)), Some(date(5, 27)))
    );
    assert!(s[0].is_multi_day());
    assert_eq!(s[0].days().len(), 3);
    assert_eq!(s[0].title, "我们曾经都是鱼");
}

#[test]
fn base_5_range_across_months() {
    let ds = seed();
    let s = sessions_of(&ds, 5);
    assert_eq!(
        (s[0].start, s[0].end),
        (Some(date(5, 25)), Some(date(6, 1)))
    );
    assert_eq!(s[0].days().len(), 8);
}

#[test]
fn base_10_undated_session() {
    let ds = seed();
    let s = sessions_of(&ds, 10);
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].start, s[0].end), (None, None));
    assert_eq!(s[0].title, "青少年进大学校园，工业科技实践活动");
    assert_eq!(s[0].place, "立人小学");
    assert!(!s[0].at_base);
    assert_eq!(s[0].note.as_deref(), Some("时间未定"));
    assert_eq!(
        s[0].source,
        "青少年进大学校园，工业科技实践活动（立人小学，时间未定）。"
    );
}

#[test]
fn base_12_cell_without_full_stop() {
    let ds = seed();
    let b = base(&ds, 12);
    assert_eq!(b.schedule_text, "5.25-5.28场馆免费开放");
    let s = sessions_of(&ds, 12);
    assert_eq!(
        (s[0].start, s[0].end),
        (Some(date(5, 25)), Some(date(5, 28)))
    );
    assert_eq!(s[0].source, "5.25-5.28场馆免费开放");
}

#[test]
fn base_13_has_both_phones_on_one_contact() {
    let ds = seed();
    let b = base(&ds, 13);
    assert_eq!(b.name, "中华优秀传统法律文化传承示范基地");
    assert_eq!(b.contacts.len(), 1);
    assert_eq!(b.contacts[0].name, "张渝");
    assert_eq!(b.contacts[0].phones, vec!["13908370679", "023-67258738"]);
    assert_eq!(
        b.row[5], "13908370679\n023-67258738",
        "the cell keeps its line break"
    );
    assert_eq!(sessions_of(&ds, 13).len(), 6);
}

#[test]
fn phones_separated_by_spaces() {
    let ds = seed();
    let b = base(&ds, 3);
    assert_eq!(b.contacts[0].name, "官燮");
    assert_eq!(b.contacts[0].phones, vec!["13368196723", "023-86715025"]);
    assert_eq!(b.row[5], "13368196723      023-86715025");
    assert_eq!(base(&ds, 1).contacts[0].phones, vec!["17783199721"]);
}

#[test]
fn base_rows_verbatim() {
    let ds = seed();
    let b = base(&ds, 1);
    assert_eq!(
        b.row,
        vec![
            "1",
            "重庆市气象科普馆",
            "场馆类",
            "重庆市渝北区新牌坊一路68号",
            "叶钊",
            "17783199721",
            "5.21在新牌坊小学开展“气象+”活动；5.31场馆免费开放（其他时间预约开放）。",
        ]
    );
    assert_eq!(
        (b.category.as_str(), b.address.as_str()),
        ("场馆类", "重庆市渝北区新牌坊一路68号")
    );
    assert_eq!(b.schedule_text, b.row[6]);
    assert_eq!(base(&ds, 9).category, "研发创作类");
    // Every session's source is a clause of its base's cell.
    for s in &ds.sessions {
        let cell = &ds.base(&s.base).expect("base").schedule_text;
        assert!(cell.contains(&s.source), "{:?} not in {cell:?}", s.source);
    }
}

#[test]
fn week_dates_and_theme() {
    let ds = seed();
    assert_eq!(ds.week.start, date(5, 25));
    assert_eq!(ds.week.end, date(6, 1));
    assert_eq!(ds.week.theme, "弘扬科学家精神 激发全社会创新活力");
}

#[test]
fn notice_header_and_contact() {
    let ds = seed();
    let n = &ds.notice;
    assert_eq!(n.issuer, "重庆市渝北区人民政府办公室");
    assert_eq!(n.title, "关于印发《2024年渝北区科技活动周实施方案》的通知");
    assert_eq!(n.published, date(5, 17));
    assert_eq!(n.plan_title, "2024年渝北区科技活动周实施方案");
    assert_eq!(n.contact.name, "李康");
    assert_eq!(n.contact.phone, "023-67821101");
    assert_eq!(n.contact.email, "469177351@qq.com");
    assert_eq!(ds.version, yubei_core::model::SCHEMA_VERSION);
}

#[test]
fn notice_sections_read_complete() {
    let ds = seed();
    let headings: Vec<&str> = ds
        .notice
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    assert_eq!(
        headings,
        vec![
            "",
            "2024年渝北区科技活动周实施方案",
            "一、活动时间",
            "二、活动主题",
            "三、主要内容",
            "四、主要活动",
            "五、工作要求",
        ]
    );
    let cover = &ds.notice.sections[0].paragraphs;
    assert_eq!(
        cover[0],
        "各镇人民政府，区政府有关部门，各街道办事处，有关区属国有公司，有关单位："
    );
    assert!(cover.contains(&"2024年5月17日".to_string()));
    assert!(cover.contains(&"（此件公开发布）".to_string()));
    let last = &ds.notice.sections[6].paragraphs;
    assert_eq!(last.len(), 6);
    assert!(last[3].starts_with("各单位于6月4日前"));
    assert_eq!(
        last[4],
        "联系人：李康，联系电话：023-67821101；邮箱：469177351@qq.com"
    );
    assert_eq!(last[5], "附件：部分科普基地活动安排表");
    assert_eq!(ds.notice.sections[5].paragraphs.len(), 8);
    assert_eq!(
        ds.notice.sections[2].paragraphs,
        vec!["2024年5月25日至6月1日。"]
    );
    // Nothing of the table leaks into the notice text.
    let all: String = ds
        .notice
        .sections
        .iter()
        .flat_map(|s| s.paragraphs.clone())
        .collect();
    assert!(!all.contains("重庆市气象科普馆"));
    assert!(!all.contains('\t'));
}

#[test]
fn activity_2_units_and_text() {
    let ds = seed();
    let a = &ds.activities[1];
    assert_eq!(a.number, 2);
    assert_eq!(a.title, "为科技工作者办实事活动");
    assert_eq!(a.units, vec!["区科协", "区科技局", "各镇街"]);
    assert!(a.description.starts_with("通过走访慰问"));
    assert!(a.description.ends_with("助力青年科技人才成长。"));
    assert!(!a.description.contains("责任单位"));
    let first = &ds.activities[0];
    assert_eq!(first.title, "科技活动周启动仪式暨“科技成果入园进企”活动");
    assert_eq!(first.units, vec!["区科技局", "区市场监管局"]);
    assert_eq!(ds.activities[3].units.len(), 5);
    assert_eq!(ds.activities[7].title, "科普基地活动");
    assert_eq!(ds.activities[7].units, vec!["区科技局"]);
}

#[test]
fn the_year_comes_from_the_notice() {
    let text = replace_once(
        &seed_text(),
        "2024年5月25日至6月1日。",
        "2025年5月25日至6月1日。",
    );
    let ds = parse_notice(&text).expect("parses");
    let in_2025 = |m, d| NaiveDate::from_ymd_opt(2025, m, d);
    assert_eq!(ds.week.start, in_2025(5, 25).expect("date"));
    assert_eq!(sessions_of(&ds, 5)[0].end, in_2025(6, 1));
    assert_eq!(sessions_of(&ds, 1)[0].start, in_2025(5, 21));
}

#[test]
fn windows_line_endings_read_the_same() {
    let crlf = seed_text().replace('\n', "\r\n");
    assert!(parse_notice(&crlf).expect("parses") == seed());
}

#[test]
fn damaged_copies_never_panic() {
    let seed = seed_text();
    let lines: Vec<&str> = seed.split('\n').collect();
    for i in 0..lines.len() {
        let without: Vec<&str> = [&lines[..i], &lines[i + 1..]].concat();
        let _ = parse_notice(&without.join("\n"));
        let doubled: Vec<&str> = [&lines[..=i], &lines[i..]].concat();
        let _ = parse_notice(&doubled.join("\n"));
        let _ = parse_notice(&lines[..i].join("\n"));
        let cut = lines[i].char_indices().nth(lines[i].chars().count() / 2);
        let half = cut.map_or(lines[i], |(at, _)| &lines[i][..at]);
        let _ = parse_notice(&[&lines[..i], &[half], &lines[i + 1..]].concat().join("\n"));
    }
}

// ---------------------------------------------------------------------------------------------
// Ids

#[test]
fn ids_are_unique_and_content_derived() {
    let ds = seed();
    let mut ids: Vec<&str> = ds
        .sessions
        .iter()
        .map(|s| s.id.as_str())
        .chain(ds.bases.iter().map(|b| b.id.as_str()))
        .chain(ds.activities.iter().map(|a| a.id.as_str()))
        .collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "duplicate ids");
    for b in &ds.bases {
        assert_eq!(b.id, content_id("b", &[&b.name]));
    }
    for a in &ds.activities {
        assert_eq!(a.id, content_id("a", &[&a.title]));
    }
    let iso = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for s in &ds.sessions {
        let expected = content_id("s", &[&s.base, &iso(s.start), &iso(s.end), &s.title]);
        assert_eq!(s.id, expected, "{}", s.source);
    }
}

/// The seed with a new base inserted as row 1 and every other row renumbered.
fn seed_with_new_first_row() -> String {
    let text = seed_text();
    let mut out: Vec<String> = Vec::new();
    let mut previous_blank = false;
    let mut in_table = false;
    for line in text.split('\n') {
        let number = line.strip_prefix('\t').and_then(|n| n.parse::<u32>().ok());
        match number {
            Some(n) if in_table && previous_blank => {
                if n == 1 {
                    out.extend(
                        [
                            "\t1",
                            "\t渝北区新开科普馆",
                            "\t场馆类",
                            "\t重庆市渝北区某路1号",
                            "\t新人",
                            "\t13800000000",
                            "\t5.26在基地开展“实验室开放日”活动；5.31场馆免费开放。",
                            "",
                        ]
                        .map(String::from),
                    );
                }
                out.push(format!("\t{}", n + 1));
            }
            _ => out.push(line.to_string()),
        }
        in_table |= line == "\t近期活动安排";
        previous_blank = line.trim().is_empty();
    }
    out.join("\n")
}

#[test]
fn inserting_a_row_keeps_every_existing_id() {
    let before = seed();
    let after = parse_notice(&seed_with_new_first_row()).expect("the extended notice parses");
    assert_eq!(after.bases.len(), 14);
    assert_eq!(after.sessions.len(), 26);
    assert_eq!(after.bases[0].name, "渝北区新开科普馆");
    for old in &before.bases {
        let new = after.base(&old.id).expect("base id survives");
        assert_eq!(new.name, old.name);
        assert_eq!(new.number, old.number + 1, "renumbered");
    }
    for old in &before.sessions {
        let new = after.session(&old.id).expect("session id survives");
        assert_eq!(
            (new.start, new.end, &new.title),
            (old.start, old.end, &old.title)
        );
    }
}

#[test]
fn open_days_of_one_base_on_different_dates_have_different_ids() {
    let text = replace_once(
        &seed_text(),
        "\t万莉\n\t13527497003     023-65039382\n\t5.25-6.1场馆免费开放。",
        "\t万莉\n\t13527497003     023-65039382\n\t5.25场馆免费开放；5.26场馆免费开放。",
    );
    let ds = parse_notice(&text).expect("parses");
    let open = sessions_of(&ds, 5);
    assert_eq!(open.len(), 2);
    assert_eq!(open[0].title, open[1].title);
    assert_ne!(open[0].start, open[1].start);
    assert_ne!(open[0].id, open[1].id);
    // And in the seed: bases 5 and 7 both open 5.25–6.1 under the same title.
    let seed = seed();
    let (five, seven) = (sessions_of(&seed, 5)[0], sessions_of(&seed, 7)[0]);
    assert_eq!(
        (five.start, five.end, &five.title),
        (seven.start, seven.end, &seven.title)
    );
    assert_ne!(five.id, seven.id);
}

// ---------------------------------------------------------------------------------------------
// The committed JSON

fn first_difference(a: &str, b: &str) -> String {
    match a.lines().zip(b.lines()).position(|(x, y)| x != y) {
        Some(i) => format!(
            "first difference at line {}:\n  import gives: {}\n  committed:    {}",
            i + 1,
            a.lines().nth(i).unwrap_or(""),
            b.lines().nth(i).unwrap_or("")
        ),
        None => format!("lengths differ: {} vs {} bytes", a.len(), b.len()),
    }
}

#[test]
fn committed_json_is_exactly_what_the_import_writes() {
    let fresh = to_json(&seed()).expect("serializes");
    let committed = fs::read_to_string(repo_file("data/yubei-2024.json"))
        .unwrap_or_else(|e| panic!("data/yubei-2024.json: {e}; run `{IMPORT_COMMAND}`"));
    assert!(
        fresh == committed,
        "data/yubei-2024.json is stale: re-run `{IMPORT_COMMAND}` and commit it ({})",
        first_difference(&fresh, &committed)
    );
}

#[test]
fn committed_json_deserializes_into_the_model() {
    let committed = fs::read_to_string(repo_file("data/yubei-2024.json")).expect("committed JSON");
    let ds: Dataset = serde_json::from_str(&committed).expect("valid Dataset JSON");
    assert!(
        ds == seed(),
        "data/yubei-2024.json differs from the notice: re-run `{IMPORT_COMMAND}`"
    );
    assert_eq!(ds.sessions.len(), 24);
}

// ---------------------------------------------------------------------------------------------
// Damaged input

const LAB_DAY: &str = "5.25在基地开展“实验室开放日”活动。";

#[test]
fn impossible_day_names_line_and_date() {
    let seed = seed_text();
    let text = replace_once(&seed, LAB_DAY, "5.32在基地开展“实验室开放日”活动。");
    let err = error_of(&text);
    assert_error(&err, line_of(&seed, LAB_DAY), &["5.32", "day out of range"]);
    assert_eq!(err.what, "date");
    assert_eq!(err.token.as_deref(), Some("5.32"));
    assert_eq!(err.text, "5.32在基地开展“实验室开放日”活动。");
}

#[test]
fn impossible_month_is_an_error() {
    let seed = seed_text();
    let text = replace_once(&seed, LAB_DAY, "13.5在基地开展“实验室开放日”活动。");
    assert_error(
        &error_of(&text),
        line_of(&seed, LAB_DAY),
        &["13.5", "month out of range"],
    );
}

#[test]
fn range_ending_before_it_starts_in_a_cell_after_a_continuation_line() {
    let seed = seed_text();
    let clause = "5.27在基地开展“防范ai换脸诈骗”活动";
    let text = replace_once(&seed, clause, "5.27-5.26在基地开展“防范ai换脸诈骗”活动");
    // Base 13's cell follows the phone cell's continuation line: the line count stays right.
    assert_error(
        &error_of(&text),
        line_of(&seed, clause),
        &["5.27-5.26", "ends before it starts"],
    );
}

#[test]
fn row_with_too_few_cells() {
    let seed = seed_text();
    let text = replace_once(&seed, "\t杨金明\n", "");
    let err = error_of(&text);
    assert_error(
        &err,
        line_of(&seed, "重庆再升空气净化科普基地") - 1,
        &["重庆再升空气净化科普基地", "6 cells"],
    );
    assert_eq!(err.what, "table row");
}

#[test]
fn missing_activity_time_section() {
    let seed = seed_text();
    let text = replace_once(&seed, "一、活动时间", "");
    let err = error_of(&text);
    assert_error(
        &err,
        line_equal(&seed, "2024年渝北区科技活动周实施方案"),
        &["活动时间"],
    );
}

#[test]
fn missing_theme_and_main_activities_sections() {
    let seed = seed_text();
    let plan_line = line_equal(&seed, "2024年渝北区科技活动周实施方案");
    let no_theme = replace_once(&seed, "二、活动主题", "");
    assert_error(&error_of(&no_theme), plan_line, &["活动主题"]);
    let no_activities = replace_once(&seed, "四、主要活动", "");
    assert_error(&error_of(&no_activities), plan_line, &["主要活动"]);
}

#[test]
fn unreadable_activity_time() {
    let seed = seed_text();
    let text = replace_once(&seed, "2024年5月25日至6月1日。", "2024年5月25日至13月1日。");
    assert_error(
        &error_of(&text),
        line_of(&seed, "2024年5月25日至6月1日。"),
        &["2024年5月25日至13月1日", "month out of range"],
    );
    let words = replace_once(&seed, "2024年5月25日至6月1日。", "五月下旬。");
    assert_error(
        &error_of(&words),
        line_of(&seed, "2024年5月25日至6月1日。"),
        &["五月下旬"],
    );
}

#[test]
fn missing_header_row() {
    let seed = seed_text();
    let header = "\t序号\n\t科普基地名称\n\t基地类型\n\t科普基地地址\n\t联系人\n\t联系人电话\n\t近期活动安排\n";
    let text = replace_once(&seed, header, "\n\n\n\n\n\n\n");
    let err = error_of(&text);
    assert_error(
        &err,
        line_of(&seed, "重庆市气象科普馆") - 1,
        &["重庆市气象科普馆", "header row"],
    );
    assert_eq!(err.token.as_deref(), Some("1"));
}

#[test]
fn header_row_without_a_needed_column() {
    let seed = seed_text();
    let text = replace_once(&seed, "\t科普基地地址\n", "\t备注\n");
    assert_error(
        &error_of(&text),
        line_of(&seed, "\t序号"),
        &["地址", "备注"],
    );
}

#[test]
fn non_numeric_row_number() {
    let seed = seed_text();
    let text = replace_once(&seed, "\t3\n\t重庆市人口", "\t三\n\t重庆市人口");
    let err = error_of(&text);
    assert_error(
        &err,
        line_of(&seed, "重庆市人口和计划生育") - 1,
        &["\"三\"", "序号"],
    );
}

#[test]
fn clause_without_a_verb_after_its_place() {
    let seed = seed_text();
    let clause = "5.30在中煤科工重庆设计研究院召开团体标准培训会。";
    let text = replace_once(
        &seed,
        clause,
        "5.30在中煤科工重庆设计研究院团体标准培训会。",
    );
    assert_error(
        &error_of(&text),
        line_of(&seed, clause),
        &["在中煤科工重庆设计研究院团体标准培训会", "开展"],
    );
}

#[test]
fn unclosed_bracket_in_a_clause() {
    let seed = seed_text();
    let text = replace_once(&seed, "（其他时间预约开放）。", "（其他时间预约开放。");
    let err = error_of(&text);
    assert_error(
        &err,
        line_of(&seed, "（其他时间预约开放）"),
        &["5.31场馆免费开放（其他时间预约开放", "never closed"],
    );
    assert_eq!(err.token.as_deref(), Some("（"));
}

#[test]
fn clause_with_a_date_but_no_title() {
    let seed = seed_text();
    let text = replace_once(&seed, "\t5.25-5.28场馆免费开放", "\t5.25-5.28（待定）");
    assert_error(
        &error_of(&text),
        line_of(&seed, "5.25-5.28场馆免费开放"),
        &["5.25-5.28（待定）", "no title"],
    );
}

#[test]
fn duplicate_session_is_an_error() {
    let seed = seed_text();
    let clause = "5.27在基地开展“防范ai换脸诈骗”活动；";
    let text = replace_once(&seed, clause, &clause.repeat(2));
    let line = line_of(&seed, clause);
    assert_error(
        &error_of(&text),
        line,
        &["防范ai换脸诈骗", &format!("already on line {line}")],
    );
}

#[test]
fn duplicate_base_is_an_error() {
    let seed = seed_text();
    let text = replace_once(&seed, "\t重庆市建筑节能科普基地\n", "\t重庆市气象科普馆\n");
    assert_error(
        &error_of(&text),
        line_of(&seed, "重庆市建筑节能科普基地"),
        &["重庆市气象科普馆", "already"],
    );
}

#[test]
fn phone_that_is_not_a_number() {
    let seed = seed_text();
    let text = replace_once(&seed, "\t18375826470\n", "\t1837582647O\n");
    let err = error_of(&text);
    assert_error(
        &err,
        line_of(&seed, "18375826470"),
        &["1837582647O", "not a phone number"],
    );
    // A bad second phone on a continuation line is reported on that line.
    let text = replace_once(&seed, "\n023-67258738\n", "\n023-6725873x\n");
    assert_error(
        &error_of(&text),
        line_equal(&seed, "023-67258738"),
        &["023-6725873x"],
    );
}

#[test]
fn stray_text_after_the_table() {
    let seed = seed_text();
    let text = format!("{seed}\n备注：活动如有调整另行通知\n");
    assert_error(
        &error_of(&text),
        line_of(&text, "备注："),
        &["备注：活动如有调整另行通知", "TAB"],
    );
}

#[test]
fn missing_contact_line() {
    let seed = seed_text();
    let text = replace_once(
        &seed,
        "联系人：李康，联系电话：023-67821101；邮箱：469177351@qq.com",
        "",
    );
    assert_error(
        &error_of(&text),
        line_equal(&seed, "2024年渝北区科技活动周实施方案"),
        &["联系人"],
    );
}

#[test]
fn impossible_publication_date() {
    let seed = seed_text();
    let text = replace_once(&seed, "2024年5月17日", "2024年2月30日");
    assert_error(
        &error_of(&text),
        line_of(&seed, "2024年5月17日"),
        &["2024年2月30日", "day out of range"],
    );
}

#[test]
fn truncated_notices() {
    assert_error(&error_of(""), 1, &["empty"]);
    let seed = seed_text();
    let cut = &seed[..seed.find("\t序号").expect("header")];
    let err = error_of(cut);
    assert_eq!(
        err.reason,
        "the notice ends without a table (no line starts with a TAB)"
    );
    assert_eq!(err.line, line_equal(&seed, "部分科普基地活动安排表"));
    let only_header = &seed[..seed.find("\t1\n").expect("row 1")];
    assert_error(
        &error_of(only_header),
        line_of(&seed, "\t序号"),
        &["no rows"],
    );
}

// ---------------------------------------------------------------------------------------------
// The binary

fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("importer-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn import() -> Command {
    Command::new(env!("CARGO_BIN_EXE_import"))
}

#[test]
fn binary_fails_on_bad_input_and_keeps_the_good_output() {
    let dir = scratch_dir("bad");
    let seed = seed_text();
    let bad = dir.join("bad-notice.txt");
    fs::write(
        &bad,
        replace_once(&seed, LAB_DAY, "5.32在基地开展“实验室开放日”活动。"),
    )
    .expect("write");
    let out = dir.join("good.json");
    fs::write(&out, "GOOD\n").expect("write");

    let run = import()
        .arg("-o")
        .arg(&out)
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    let line = line_of(&seed, LAB_DAY);
    assert!(stderr.contains("bad-notice.txt"), "{stderr}");
    assert!(stderr.contains(&format!("line {line}:")), "{stderr}");
    assert!(stderr.contains("5.32在基地开展"), "{stderr}");
    assert!(run.stdout.is_empty());
    assert_eq!(fs::read_to_string(&out).expect("still there"), "GOOD\n");
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.map(|e| e.file_name()))
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no temporary file left behind: {leftovers:?}"
    );

    // Without -o nothing reaches stdout either.
    let run = import().arg(&bad).output().expect("runs");
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stdout.is_empty());
}

#[test]
fn binary_writes_the_dataset() {
    let dir = scratch_dir("good");
    let notice = repo_file("data/notice-2024.txt");
    let expected = to_json(&seed()).expect("serializes");
    let run = import().arg(&notice).output().expect("runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(String::from_utf8(run.stdout).expect("utf-8"), expected);

    let out = dir.join("out.json");
    fs::write(&out, "OLD").expect("write");
    let run = import()
        .arg("-o")
        .arg(&out)
        .arg(&notice)
        .output()
        .expect("runs");
    assert!(run.status.success());
    assert!(run.stdout.is_empty());
    assert_eq!(fs::read_to_string(&out).expect("written"), expected);
}

#[test]
fn binary_usage_errors_exit_2() {
    for args in [
        &[][..],
        &["-o"][..],
        &["--bogus", "x.txt"][..],
        &["a.txt", "b.txt"][..],
    ] {
        let run = import().args(args).output().expect("runs");
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&run.stderr).contains("usage"));
    }
    let missing = import()
        .arg("/nonexistent/notice.txt")
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/notice.txt"));
}
