//! Render what is seen: a long list is shown a page of rows at a time, whatever the
//! dataset's size. A row is one card; a list is a sequence of groups (days) of rows.

/// Rows added per page: about two screens of cards on a phone.
pub const PAGE_ROWS: usize = 15;

/// How many rows `groups` hold in all.
pub fn row_count<K, T>(groups: &[(K, Vec<T>)]) -> usize {
    groups.iter().map(|(_, rows)| rows.len()).sum()
}

/// The first `limit` rows of `groups`, in order: the groups before the cut whole, the group
/// the cut falls in shortened (its heading stays, so a day continued on the next page keeps
/// its heading), and no empty group.
pub fn first_rows<K: Clone, T: Clone>(groups: &[(K, Vec<T>)], limit: usize) -> Vec<(K, Vec<T>)> {
    let mut left = limit;
    let mut out = Vec::new();
    for (key, rows) in groups {
        if left == 0 {
            break;
        }
        let take = rows.len().min(left);
        if take > 0 {
            out.push((key.clone(), rows[..take].to_vec()));
        }
        left -= take;
    }
    out
}

/// The rows of group `key` in `groups` (empty when it is not there).
pub fn rows_of<K: PartialEq, T: Clone>(groups: &[(K, Vec<T>)], key: &K) -> Vec<T> {
    groups
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, rows)| rows.clone())
        .unwrap_or_default()
}

/// The number of rows to show after the parent asked for more while `shown` were shown:
/// one page more. Asking twice for the same page (a fast scroll fires the sentinel twice)
/// still adds one page, because the answer depends only on `shown`.
pub fn next_limit(shown: usize) -> usize {
    shown.saturating_add(PAGE_ROWS)
}

/// How many rows the list must show for group `key` to be there with a page of its rows:
/// every row before it and one page more. `None` when `groups` has no such group.
pub fn rows_through<K: PartialEq, T>(groups: &[(K, Vec<T>)], key: &K) -> Option<usize> {
    let at = groups.iter().position(|(k, _)| k == key)?;
    let before: usize = groups[..at].iter().map(|(_, rows)| rows.len()).sum();
    Some(before + PAGE_ROWS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browse::{listing, DateFilter};
    use crate::days::GroupKey;
    use crate::testing::d;
    use crate::testing::fixtures::committed;

    fn groups() -> Vec<(char, Vec<u32>)> {
        vec![
            ('a', vec![1, 2, 3]),
            ('b', vec![]),
            ('c', vec![4, 5]),
            ('d', vec![6]),
        ]
    }

    #[test]
    fn counts_every_row() {
        assert_eq!(row_count(&groups()), 6);
        assert_eq!(row_count::<char, u32>(&[]), 0);
    }

    #[test]
    fn cuts_inside_a_group_and_keeps_its_heading() {
        assert_eq!(
            first_rows(&groups(), 4),
            vec![('a', vec![1, 2, 3]), ('c', vec![4])]
        );
        assert_eq!(first_rows(&groups(), 2), vec![('a', vec![1, 2])]);
    }

    #[test]
    fn pages_concatenate_to_the_whole_list_in_order() {
        let g = groups();
        for limit in 0..=8 {
            let shown = first_rows(&g, limit);
            let flat: Vec<(char, u32)> = shown
                .iter()
                .flat_map(|(k, rows)| rows.iter().map(move |r| (*k, *r)))
                .collect();
            let all: Vec<(char, u32)> = g
                .iter()
                .flat_map(|(k, rows)| rows.iter().map(move |r| (*k, *r)))
                .collect();
            assert_eq!(flat, all[..limit.min(all.len())].to_vec(), "limit {limit}");
            assert!(shown.iter().all(|(_, rows)| !rows.is_empty()));
        }
    }

    #[test]
    fn no_limit_shows_everything_and_zero_nothing() {
        let g = groups();
        assert_eq!(row_count(&first_rows(&g, usize::MAX)), 6);
        assert!(first_rows(&g, 0).is_empty());
    }

    #[test]
    fn rows_of_a_group() {
        assert_eq!(rows_of(&groups(), &'c'), vec![4, 5]);
        assert!(rows_of(&groups(), &'z').is_empty());
    }

    #[test]
    fn next_page_is_one_page_more_and_never_overflows() {
        assert_eq!(next_limit(0), PAGE_ROWS);
        assert_eq!(next_limit(PAGE_ROWS), 2 * PAGE_ROWS);
        assert_eq!(next_limit(usize::MAX), usize::MAX);
    }

    #[test]
    fn the_rows_to_reach_a_day() {
        let ds = committed();
        let all: Vec<usize> = (0..ds.sessions.len()).collect();
        let groups = listing(&ds, &all, DateFilter::All);
        let key = GroupKey::Day(d(5, 31));
        let rows = rows_through(&groups, &key).unwrap();
        let before: usize = groups
            .iter()
            .take_while(|(k, _)| *k != key)
            .map(|(_, r)| r.len())
            .sum();
        assert!(before > 0);
        assert_eq!(rows, before + PAGE_ROWS);
        // The first page shows that day's heading.
        let shown = first_rows(&groups, rows);
        assert!(shown.iter().any(|(k, r)| *k == key && !r.is_empty()));
        assert_eq!(rows_through(&groups, &GroupKey::Day(d(7, 1))), None);
    }
}
