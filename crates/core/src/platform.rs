//! What the app needs to know of the browser it runs in: whether it is an app's built-in
//! browser (WeChat, QQ, Weibo, DingTalk), where calendar files do not download and the page's
//! storage may be cleared, and whether the system takes `webcal:` links (Apple's), so the
//! whole week's calendar can be subscribed to with one tap. Read from the user agent by the
//! browser shell; pure and host-tested here.

/// The browser, as far as the app cares.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Platform {
    /// An app's built-in browser (the page was opened from a chat).
    pub in_app: bool,
    /// The system hands `webcal:` links to its calendar (iPhone, iPad, Mac).
    pub webcal: bool,
    /// An iPhone or iPad, where Safari deletes a site's storage after 7 days of use without
    /// a visit, and a page added to the home screen has storage of its own.
    pub ios: bool,
    /// The page's address up to its last `/` (`https://host/path/`), for absolute links.
    pub page_dir: String,
}

/// Marks of apps' built-in browsers in a user agent. `QQ/` is the QQ app (QQ Browser, a real
/// browser, says `MQQBrowser/`).
const IN_APP_MARKS: [&str; 4] = ["micromessenger", "qq/", "weibo", "dingtalk"];

impl Platform {
    /// From the user agent and the page's address (`location.href`).
    pub fn new(user_agent: &str, href: &str) -> Platform {
        let ua = user_agent.to_ascii_lowercase();
        let in_app = IN_APP_MARKS.iter().any(|m| ua.contains(m));
        let apple = ["iphone", "ipad", "macintosh"]
            .iter()
            .any(|m| ua.contains(m));
        let ios = ["iphone", "ipad", "ipod"].iter().any(|m| ua.contains(m));
        let path_end = href.find(['?', '#']).unwrap_or(href.len());
        let page = &href[..path_end];
        let page_dir = page[..page.rfind('/').map_or(0, |i| i + 1)].to_string();
        Platform {
            in_app,
            webcal: apple && !in_app,
            ios,
            page_dir,
        }
    }

    /// The https (or http) address of the whole week's calendar, `file` next to the page
    /// ([`crate::ics::subscription_file`]).
    pub fn subscription_url(&self, file: &str) -> String {
        format!("{}{file}", self.page_dir)
    }

    /// The `webcal:` address of the same calendar, where the system takes it.
    pub fn webcal_url(&self, file: &str) -> Option<String> {
        let url = self.subscription_url(file);
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))?;
        self.webcal.then(|| format!("webcal://{rest}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WECHAT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
    const WECHAT_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; V2148A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1110005 MMWEBSDK/20230805 MMWEBID/2382 MicroMessenger/8.0.42.2460(0x28002A58) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
    const QQ: &str = "Mozilla/5.0 (Linux; Android 12; PEHM00) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/89.0.4389.72 MQQBrowser/6.2 TBS/046141 Mobile Safari/537.36 V1_AND_SQ_8.9.28_4138_YYB_D QQ/8.9.28.10155 NetType/WIFI";
    const WEIBO: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Weibo (iPhone14,5__weibo__13.9.1__iphone__os16.6)";
    const DINGTALK: &str = "Mozilla/5.0 (Linux; U; Android 12; zh-CN; PFZM10) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 Mobile Safari/537.36 AliApp(DingTalk/7.0.50) com.alibaba.android.rimet/34400000 Channel/700159 language/zh-CN";
    const SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    const QQ_BROWSER: &str = "Mozilla/5.0 (Linux; U; Android 13; zh-cn; V2148A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/109.0.5414.86 MQQBrowser/14.6 Mobile Safari/537.36 COVC/046613";
    const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";

    const HREF: &str = "https://kjz.example.cn/2024/?view=week#top";

    #[test]
    fn apps_built_in_browsers_are_recognised() {
        for ua in [WECHAT, WECHAT_ANDROID, QQ, WEIBO, DINGTALK] {
            let p = Platform::new(ua, HREF);
            assert!(p.in_app, "{ua}");
            assert!(!p.webcal, "{ua}");
            assert_eq!(p.webcal_url(FILE), None);
        }
        for ua in [SAFARI, QQ_BROWSER, CHROME_ANDROID, ""] {
            assert!(!Platform::new(ua, HREF).in_app, "{ua}");
        }
    }

    #[test]
    fn iphones_are_recognised_for_what_safari_does_with_storage() {
        for ua in [SAFARI, WECHAT, WEIBO] {
            assert!(Platform::new(ua, HREF).ios, "{ua}");
        }
        for ua in [WECHAT_ANDROID, QQ_BROWSER, CHROME_ANDROID, ""] {
            assert!(!Platform::new(ua, HREF).ios, "{ua}");
        }
    }

    const FILE: &str = "yubei-week-2024-all.ics";

    #[test]
    fn subscription_links() {
        let safari = Platform::new(SAFARI, HREF);
        assert_eq!(safari.page_dir, "https://kjz.example.cn/2024/");
        assert_eq!(
            safari.subscription_url(FILE),
            "https://kjz.example.cn/2024/yubei-week-2024-all.ics"
        );
        assert_eq!(
            safari.webcal_url(FILE).as_deref(),
            Some("webcal://kjz.example.cn/2024/yubei-week-2024-all.ics")
        );
        let chrome = Platform::new(CHROME_ANDROID, "http://127.0.0.1:8080/");
        assert_eq!(
            chrome.subscription_url(FILE),
            "http://127.0.0.1:8080/yubei-week-2024-all.ics"
        );
        assert_eq!(chrome.webcal_url(FILE), None);
        assert_eq!(Platform::new(SAFARI, "").subscription_url(FILE), FILE);
    }
}
