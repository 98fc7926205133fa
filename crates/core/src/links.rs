//! Links out of the app: the three map sites' searches for an address, tap-to-call `tel:`
//! links and plain `mailto:` links, built from the dataset's text so that nothing in it can
//! reach past the link's own parameter.

use crate::search;

/// Who we say we are to the map sites (their `src` / `referer` parameters).
const APP_NAME: &str = "yubei-week";

/// Search links for `address` on the three map sites parents use, labelled in Chinese. Each
/// opens the site's mobile web page, which offers to open its app:
/// - 高德地图: URI API 搜索查询 (`keyword`, `city` = Chongqing's code, `callnative=1` to try
///   the app);
/// - 百度地图: URI API 地址解析 (`address`, `output=html`, `src` = webapp.company.app);
/// - 腾讯地图: URI API 地点搜索 (`keyword`, `region`, `referer` = app name).
pub fn map_links(address: &str) -> Vec<(&'static str, String)> {
    let address = address.trim();
    let query = |pairs: &[(&str, &str)]| {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    };
    vec![
        (
            "高德地图",
            format!(
                "https://uri.amap.com/search?{}",
                query(&[
                    ("keyword", address),
                    ("city", "500000"),
                    ("view", "map"),
                    ("src", APP_NAME),
                    ("callnative", "1"),
                ])
            ),
        ),
        (
            "百度地图",
            format!(
                "https://api.map.baidu.com/geocoder?{}",
                query(&[
                    ("address", address),
                    ("output", "html"),
                    ("src", "webapp.yubei.yubei-week"),
                ])
            ),
        ),
        (
            "腾讯地图",
            format!(
                "https://apis.map.qq.com/uri/v1/search?{}",
                query(&[
                    ("keyword", address),
                    ("region", "重庆"),
                    ("referer", APP_NAME),
                ])
            ),
        ),
    ]
}

/// A `tel:` link for a phone number as the notice prints it: only digits (full-width ones
/// folded) and a leading `+` are kept, so `023-6782 1101` gives `tel:02367821101`.
pub fn tel_href(phone: &str) -> String {
    let mut out = String::from("tel:");
    for c in search::normalize(phone.trim()).chars() {
        if c.is_ascii_digit() || (c == '+' && out.len() == 4) {
            out.push(c);
        }
    }
    out
}

/// A `mailto:` link for an address, when it is a plain one: a local part and a domain of
/// ASCII letters, digits and `.` `_` `-` `+` (a dot inside the domain), nothing else. Anything
/// more (`?`, `&`, `%`, spaces, line breaks, a second `@`) could add headers or a body to the
/// parent's mail, so `None`: the address is then shown as text only.
pub fn mailto_href(address: &str) -> Option<String> {
    let (local, domain) = address.split_once('@')?;
    let plain = |part: &str, extra: &[char]| {
        !part.is_empty()
            && !part.starts_with('.')
            && !part.ends_with('.')
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
    };
    (plain(local, &['.', '_', '-', '+']) && plain(domain, &['.', '-']) && domain.contains('.'))
        .then(|| format!("mailto:{address}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_links_are_encoded_search_urls() {
        let links = map_links("重庆市渝北区回兴街道湖滨东路59号1幢/5-0");
        let labels: Vec<&str> = links.iter().map(|(l, _)| *l).collect();
        assert_eq!(labels, ["高德地图", "百度地图", "腾讯地图"]);
        let encoded = "%E9%87%8D%E5%BA%86%E5%B8%82%E6%B8%9D%E5%8C%97%E5%8C%BA%E5%9B%9E%E5%85%B4%E8%A1%97%E9%81%93%E6%B9%96%E6%BB%A8%E4%B8%9C%E8%B7%AF59%E5%8F%B71%E5%B9%A2%2F5-0";
        assert_eq!(
            links[0].1,
            format!("https://uri.amap.com/search?keyword={encoded}&city=500000&view=map&src=yubei-week&callnative=1")
        );
        assert_eq!(
            links[1].1,
            format!("https://api.map.baidu.com/geocoder?address={encoded}&output=html&src=webapp.yubei.yubei-week")
        );
        assert_eq!(
            links[2].1,
            format!("https://apis.map.qq.com/uri/v1/search?keyword={encoded}&region=%E9%87%8D%E5%BA%86&referer=yubei-week")
        );
        // Reserved characters cannot break out of the parameter.
        let links = map_links("A&b=c #d?e+f");
        for (_, url) in &links {
            let query = url.split_once('?').unwrap().1;
            let first = form_urlencoded::parse(query.as_bytes()).next().unwrap();
            assert_eq!(first.1, "A&b=c #d?e+f");
            assert!(!url.contains('#') && !url.contains(' '));
        }
    }

    #[test]
    fn mail_links_are_made_of_plain_addresses_only() {
        assert_eq!(
            mailto_href("ybkxjsxh@163.com").as_deref(),
            Some("mailto:ybkxjsxh@163.com")
        );
        assert_eq!(
            mailto_href("a.b-c_d+e@mail.cq.gov.cn").as_deref(),
            Some("mailto:a.b-c_d+e@mail.cq.gov.cn")
        );
        for refused in [
            "a@b.com?subject=x",
            "a@b.com&cc=c@d.com",
            "a@b.com?body=%0D%0A",
            "a b@c.com",
            "a@b.com\r\nBcc: c@d.com",
            "a@b.com\n",
            "a@b@c.com",
            "a%40b@c.com",
            "@b.com",
            "a@",
            "a@localhost",
            "a@b.com#x",
            "甲@b.com",
            "",
        ] {
            assert_eq!(mailto_href(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn tel_links_keep_only_digits() {
        assert_eq!(tel_href("023-67821101"), "tel:02367821101");
        assert_eq!(tel_href(" 133 6819 6723 "), "tel:13368196723");
        assert_eq!(tel_href("０２３－８６７１５０２５"), "tel:02386715025");
        assert_eq!(tel_href("+86 (23) 6782-1101"), "tel:+862367821101");
        assert_eq!(tel_href("1+2"), "tel:12");
        assert_eq!(tel_href("+86 137"), "tel:+86137");
        // Whatever else a dataset puts there never reaches the link.
        for hostile in [
            "023?body=x",
            "023\r\n",
            "javascript:alert(1)",
            "023;ext=1&x",
            "tel:023",
        ] {
            let href = tel_href(hostile);
            assert!(
                href[4..].chars().all(|c| c.is_ascii_digit() || c == '+'),
                "{hostile:?} gives {href}"
            );
        }
        assert_eq!(tel_href("023;ext=1&x"), "tel:0231");
    }
}
