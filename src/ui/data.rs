//! Loading the dataset: one fetch through gloo-net with typed errors the page can explain.

use std::sync::Arc;

use gloo_net::http::Request;
use thiserror::Error;

use crate::model::{Dataset, SCHEMA_VERSION};
use crate::search::SearchIndex;

/// Where the app fetches its dataset (relative, so the app works under any path prefix).
pub const DATA_URL: &str = "data/yubei-2024.json";

/// Set by the service worker (`scripts/sw.template.js`) on a dataset served from its cache.
const OFFLINE_HEADER: &str = "x-offline-copy";

/// Why the dataset could not be shown. Each variant has a message a parent can act on.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum DataError {
    #[error("网络连接失败，无法获取活动数据（{0}）。请检查网络后重试。")]
    Network(String),
    #[error("服务器返回错误（HTTP {0}），暂时无法获取活动数据。请稍后重试。")]
    Status(u16),
    #[error("活动数据已损坏，无法读取（{0}）。请稍后重试。")]
    Parse(String),
    #[error("活动数据的格式版本为 {0}，本页面只支持版本 {SCHEMA_VERSION}。请刷新页面获取新版本。")]
    Version(u32),
}

/// The loaded dataset and what is derived from it once (the search index).
#[derive(Clone)]
pub struct AppData {
    pub ds: Arc<Dataset>,
    pub index: Arc<SearchIndex>,
    /// The service worker answered from its cache because the network failed.
    pub offline: bool,
}

impl AppData {
    /// Parses and checks a dataset body, then builds the search index.
    pub fn from_json(body: &str) -> Result<AppData, DataError> {
        let ds: Dataset =
            serde_json::from_str(body).map_err(|e| DataError::Parse(e.to_string()))?;
        if ds.version != SCHEMA_VERSION {
            return Err(DataError::Version(ds.version));
        }
        let index = SearchIndex::new(&ds);
        Ok(AppData {
            ds: Arc::new(ds),
            index: Arc::new(index),
            offline: false,
        })
    }
}

/// Fetches and parses the dataset.
pub async fn fetch_dataset() -> Result<AppData, DataError> {
    let response = Request::get(DATA_URL)
        .send()
        .await
        .map_err(|e| DataError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(DataError::Status(response.status()));
    }
    let offline = response.headers().get(OFFLINE_HEADER).is_some();
    let body = response
        .text()
        .await
        .map_err(|e| DataError::Network(e.to_string()))?;
    Ok(AppData {
        offline,
        ..AppData::from_json(&body)?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_wrong_version_are_typed_errors() {
        assert!(matches!(
            AppData::from_json("{not json"),
            Err(DataError::Parse(_))
        ));
        let committed = include_str!("../../data/yubei-2024.json");
        let mut value: serde_json::Value = serde_json::from_str(committed).unwrap();
        value["version"] = serde_json::json!(99);
        let err = AppData::from_json(&value.to_string()).err().unwrap();
        assert_eq!(err, DataError::Version(99));
        assert!(err.to_string().contains("99"));
    }

    #[test]
    fn committed_dataset_loads() {
        let data = AppData::from_json(include_str!("../../data/yubei-2024.json")).unwrap();
        assert_eq!(data.ds.bases.len(), 13);
    }
}
