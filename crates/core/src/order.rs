//! One sort for the whole app. Each `sort_by` on a new element type or comparator is its own
//! copy of the standard library's sort in the wasm; sorting positions through a `dyn`
//! comparator keeps a single copy, and a single place that says how ties are broken.

use std::cmp::Ordering;

/// The positions `0..len` ordered by `cmp`, equal ones in position order (a stable sort).
pub fn sorted(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let keys = [3, 1, 2, 1, 3, 0];
        assert_eq!(
            sorted(keys.len(), &|a, b| keys[a].cmp(&keys[b])),
            vec![5, 1, 3, 2, 0, 4]
        );
        assert!(sorted(0, &|_, _| Ordering::Equal).is_empty());
    }
}
