//! Datasets for tests: the committed one ([`committed`]), a small one shaped like the real
//! 2024 notice ([`dataset`]: 13 bases, 24 sessions) and the 2024 week with nothing in it
//! ([`empty_week`]), for a test to fill in with `Dataset { bases, sessions, ..empty_week() }`.

use super::{d, COMMITTED};
use crate::model::*;

/// The committed dataset (`data/yubei-2024.json`), read by serde.
pub fn committed() -> Dataset {
    serde_json::from_str(COMMITTED).unwrap()
}

/// The 2024 week (5.25–6.1) with an empty notice and no bases, sessions or activities.
pub fn empty_week() -> Dataset {
    Dataset {
        version: SCHEMA_VERSION,
        notice: Notice {
            issuer: String::new(),
            title: String::new(),
            published: d(5, 17),
            plan_title: String::new(),
            sections: Vec::new(),
            contact: Contact {
                name: String::new(),
                phone: String::new(),
                email: String::new(),
            },
        },
        week: Week {
            start: d(5, 25),
            end: d(6, 1),
            theme: String::new(),
        },
        activities: Vec::new(),
        bases: Vec::new(),
        sessions: Vec::new(),
        readings: Readings::default(),
    }
}

const MAIN: &str = "市主会场（创客港·未来科技园）";

/// (name, category, address, [(start, end, title, place or "" for the base itself)]).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(
        Option<(u32, u32)>,
        Option<(u32, u32)>,
        &'static str,
        &'static str,
    )],
);

const ROWS: &[Row] = &[
    (
        "重庆市气象科普馆",
        "场馆类",
        "重庆市渝北区新牌坊一路68号",
        &[
            (Some((5, 21)), Some((5, 21)), "气象+", "新牌坊小学"),
            (Some((5, 31)), Some((5, 31)), "场馆免费开放", ""),
        ],
    ),
    (
        "重庆市建筑节能科普基地",
        "教育培训类",
        "重庆市渝北区华怡路23号",
        &[(
            Some((5, 30)),
            Some((5, 30)),
            "团体标准培训会",
            "中煤科工重庆设计研究院",
        )],
    ),
    (
        "重庆市人口和计划生育科学技术研究院科普基地",
        "教育培训类",
        "重庆市渝北区宝环路420号A栋",
        &[(Some((5, 25)), Some((5, 25)), "实验室开放日", "")],
    ),
    (
        "西南政法大学媒介素养科普基地",
        "传媒类",
        "重庆市渝北区宝圣大道301号",
        &[(Some((5, 25)), Some((5, 27)), "当非遗遇上科技", MAIN)],
    ),
    (
        "重庆星辉视光近视防控科普基地",
        "场馆类",
        "重庆市渝北区悦城路55号附25号",
        &[(Some((5, 25)), Some((6, 1)), "场馆免费开放", "")],
    ),
    (
        "重庆市进出境卫生检疫体验中心",
        "教育培训类",
        "重庆市渝北区红石路185号",
        &[(
            Some((5, 25)),
            Some((5, 27)),
            "防控外来物种入侵，守护国门生物安全",
            MAIN,
        )],
    ),
    (
        "重庆再升空气净化科普基地",
        "场馆类",
        "重庆市渝北区回兴街道婵衣路1号",
        &[(Some((5, 25)), Some((6, 1)), "场馆免费开放", "")],
    ),
    (
        "重庆市妇幼保健科普基地",
        "教育培训类",
        "重庆市渝北区龙山街道龙山路120号",
        &[
            (
                Some((5, 20)),
                Some((5, 20)),
                "营养助力成长",
                "渝北区龙山小学",
            ),
            (Some((5, 23)), Some((5, 23)), "生命的起源", "渝北区重光小学"),
            (
                Some((5, 25)),
                Some((5, 25)),
                "趣探妇幼科普 健康伴你同行——儿童专场",
                MAIN,
            ),
            (
                Some((5, 26)),
                Some((5, 26)),
                "趣探妇幼科普 健康伴你同行——妇产专场",
                MAIN,
            ),
            (
                Some((5, 29)),
                Some((5, 29)),
                "健康科普进校园",
                "渝北区天一新城小学",
            ),
            (
                Some((5, 31)),
                Some((5, 31)),
                "童心童趣游园——贫困特殊儿童捐赠",
                "重庆市妇幼保健院冉家坝院区",
            ),
        ],
    ),
    (
        "重庆地质矿产研究院",
        "研发创作类",
        "重庆市渝北区空港新城兰馨大道111号",
        &[(Some((5, 25)), Some((5, 27)), "我们曾经都是鱼", MAIN)],
    ),
    (
        "重庆工业职业技术学院",
        "场馆类",
        "重庆市渝北区桃源大道1000号",
        &[(None, None, "青少年进大学校园，工业科技实践活动", "立人小学")],
    ),
    (
        "华夏云翼航空科普基地",
        "场馆类",
        "重庆市渝北区长凯路333号",
        &[(
            Some((5, 25)),
            Some((5, 27)),
            "科技带动发展，航空引领未来",
            MAIN,
        )],
    ),
    (
        "重庆华人当代美术馆科普基地",
        "场馆类",
        "重庆市渝北区回兴街道湖滨东路59号1幢/5-0",
        &[(Some((5, 25)), Some((5, 28)), "场馆免费开放", "")],
    ),
    (
        "中华优秀传统法律文化传承示范基地",
        "教育培训类",
        "重庆市渝北区宝圣大道301号",
        &[
            (
                Some((5, 25)),
                Some((5, 25)),
                "中华优秀传统法律文化的传承与弘扬",
                "",
            ),
            (
                Some((5, 26)),
                Some((5, 26)),
                "弘扬科学家精神——钱学森系统工程论对法治建设的贡献",
                "",
            ),
            (Some((5, 27)), Some((5, 27)), "防范ai换脸诈骗", ""),
            (
                Some((5, 28)),
                Some((5, 28)),
                "器以藏礼，物以载道——追寻青铜器的金声和鸣",
                "",
            ),
            (
                Some((5, 30)),
                Some((5, 30)),
                "探寻礼的印记——为青铜器正妆",
                "",
            ),
            (
                Some((5, 31)),
                Some((5, 31)),
                "重庆红色法治文化资源保护宣讲",
                "",
            ),
        ],
    ),
];

/// A small dataset shaped like the real 2024 notice: 13 bases, 24 sessions.
pub fn dataset() -> Dataset {
    let mut bases = Vec::new();
    let mut sessions = Vec::new();
    for (i, (name, category, address, rows)) in ROWS.iter().enumerate() {
        let base_id = content_id("b", &[name]);
        bases.push(Base {
            id: base_id.clone(),
            number: i as u32 + 1,
            name: name.to_string(),
            category: category.to_string(),
            address: address.to_string(),
            contacts: vec![BaseContact {
                name: "联系人".into(),
                phones: vec!["023-67821101".into()],
            }],
            schedule_text: String::new(),
            row: Vec::new(),
        });
        for (start, end, title, place) in rows.iter() {
            let start = start.map(|(m, day)| d(m, day));
            let end = end.map(|(m, day)| d(m, day));
            let at_base = place.is_empty();
            let place = if at_base { name } else { place };
            let dates = format!("{start:?}{end:?}");
            let note = (title == &"场馆免费开放" && i == 0).then(|| "其他时间预约开放".into());
            sessions.push(Session {
                id: content_id("s", &[&base_id, &dates, title]),
                base: base_id.clone(),
                title: title.to_string(),
                start,
                end,
                place: place.to_string(),
                at_base,
                note,
                source: format!("在{place}开展“{title}”活动"),
            });
        }
    }
    let activity = |number: u32, title: &str, description: &str, units: &[&str]| Activity {
        id: content_id("a", &[title]),
        number,
        title: title.into(),
        description: description.into(),
        units: units.iter().map(|u| u.to_string()).collect(),
    };
    Dataset {
        version: SCHEMA_VERSION,
        notice: Notice {
            issuer: "重庆市渝北区人民政府办公室".into(),
            title: "关于印发《2024年渝北区科技活动周实施方案》的通知".into(),
            published: d(5, 17),
            plan_title: "2024年渝北区科技活动周实施方案".into(),
            sections: vec![Section {
                heading: String::new(),
                paragraphs: include_str!("../../../../data/notice-2024.txt")
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect(),
            }],
            contact: Contact {
                name: "李康".into(),
                phone: "023-67821101".into(),
                email: "469177351@qq.com".into(),
            },
        },
        week: Week {
            start: d(5, 25),
            end: d(6, 1),
            theme: "弘扬科学家精神 激发全社会创新活力".into(),
        },
        activities: vec![
            activity(
                1,
                "科技活动周启动仪式暨“科技成果入园进企”活动",
                "集中组织开展科技产品展览、科技成果推介、科技政策宣传、科普知识讲解等活动",
                &["区科技局", "区市场监管局"],
            ),
            activity(
                3,
                "举办第七届渝北区公民科学素质大赛",
                "以“培养高素质公民 畅享高品质生活”为主题，开展全区科学素质大赛",
                &["区科协", "区科技局", "各镇街"],
            ),
            activity(
                4,
                "科技助农志愿服务活动",
                "组织科技特派员和科技志愿者深入农村基层一线，服务乡村振兴",
                &[
                    "区科技局",
                    "区科协",
                    "区农业农村委",
                    "区卫生健康委",
                    "涉农镇街",
                ],
            ),
        ],
        bases,
        sessions,
        readings: Readings::default(),
    }
}

/// The index in `ds.sessions` of the session titled `title` (first one).
pub fn by_title(ds: &Dataset, title: &str) -> usize {
    ds.sessions.iter().position(|s| s.title == title).unwrap()
}
