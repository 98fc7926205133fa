//! A parent's change to the plan, as a value: a save applies it to the plan stored at that
//! moment rather than writing the tab's copy over it, so what another tab (or this one,
//! before the back/forward cache) stored meanwhile is kept.

use super::{Plan, Removed, SessionId};

/// One change a parent makes to "my week".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The star: add this session.
    Add(String),
    /// The star again, or 移除: take this session out.
    Remove(String),
    /// 全部加入我的一周 on a shared plan: add these sessions (those not there yet).
    Merge(Vec<SessionId>),
    /// 清空: take out the sessions the parent saw listed. A bookmark another tab added since
    /// was never shown to them, so it stays.
    Clear(Vec<SessionId>),
    /// 撤销 of a removal: put back this one bookmark where it was.
    Restore(Removed),
    /// 撤销 of 清空: put back what it took out, after what was added since.
    RestoreAll(Plan),
    /// No change of bookmarks: only learn what their sessions are (done by the save).
    Describe,
}

impl Change {
    /// Applies the change to `plan` and returns the change that undoes it, if it did
    /// something that can be undone (a removal, a clear). The undo is about what this change
    /// took out of this plan, nothing else.
    pub fn apply(&self, plan: &mut Plan) -> Option<Change> {
        match self {
            Change::Add(id) => {
                plan.add(id);
                None
            }
            Change::Remove(id) => plan.take(id).map(Change::Restore),
            Change::Merge(ids) => {
                plan.merge(ids);
                None
            }
            Change::Clear(seen) => {
                let mut taken = Plan::default();
                for id in seen {
                    if let Some(removed) = plan.take(id) {
                        taken.extend([(removed.id, removed.about)]);
                    }
                }
                (!taken.is_empty()).then_some(Change::RestoreAll(taken))
            }
            Change::Restore(removed) => {
                plan.restore(removed.clone());
                None
            }
            Change::RestoreAll(taken) => {
                plan.merge_plan(taken);
                None
            }
            Change::Describe => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Remembered;
    use crate::testing::ids;

    fn plan(ids: &[&str]) -> Plan {
        Plan::from(ids.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    fn s(id: &str) -> String {
        id.to_string()
    }

    #[test]
    fn a_bookmark_made_in_another_tab_survives_this_tabs_star() {
        // This tab saw [s1]; another tab stored [s1, s2]; this tab stars s3.
        let mut stored = plan(&["s1", "s2"]);
        assert_eq!(Change::Add(s("s3")).apply(&mut stored), None);
        assert_eq!(stored, plan(&["s1", "s2", "s3"]));
        // Starring what is there already changes nothing.
        Change::Add(s("s2")).apply(&mut stored);
        assert_eq!(stored, plan(&["s1", "s2", "s3"]));
        // An invalid id is never added.
        Change::Add(s("BAD")).apply(&mut stored);
        assert_eq!(stored.len(), 3);
    }

    #[test]
    fn undo_of_a_removal_puts_back_only_that_bookmark_where_it_was() {
        let mut stored: Plan = [
            (s("s1"), None),
            (
                s("s2"),
                Some(Remembered {
                    title: "二".into(),
                    ..Remembered::default()
                }),
            ),
            (s("s3"), None),
        ]
        .into_iter()
        .collect();
        let undo = Change::Remove(s("s2")).apply(&mut stored).unwrap();
        assert_eq!(stored, plan(&["s1", "s3"]));
        // Another tab adds s4 and removes s1 meanwhile.
        Change::Add(s("s4")).apply(&mut stored);
        Change::Remove(s("s1")).apply(&mut stored);
        assert_eq!(undo.apply(&mut stored), None);
        assert_eq!(stored.ids(), ["s3", "s2", "s4"].map(String::from));
        assert_eq!(stored.about("s2").unwrap().title, "二");
        // Removing what is not there (another tab removed it) gives nothing to undo.
        assert_eq!(Change::Remove(s("s9")).apply(&mut stored), None);
        // Undoing twice adds nothing twice.
        undo.apply(&mut stored);
        assert_eq!(stored.len(), 3);
    }

    #[test]
    fn clearing_takes_out_what_the_parent_saw_and_its_undo_puts_back_only_that() {
        let mut stored = plan(&["s1", "s2", "s9"]);
        // The parent saw s1 and s2 (s9 came from another tab a moment ago); s8 was removed
        // elsewhere already.
        let undo = Change::Clear(ids(&["s1", "s2", "s8"]))
            .apply(&mut stored)
            .unwrap();
        assert_eq!(stored, plan(&["s9"]));
        assert_eq!(undo, Change::RestoreAll(plan(&["s1", "s2"])));
        Change::Add(s("s5")).apply(&mut stored);
        undo.apply(&mut stored);
        assert_eq!(stored, plan(&["s9", "s5", "s1", "s2"]));
        // Clearing what is no longer there leaves nothing to undo.
        assert_eq!(Change::Clear(ids(&["s7"])).apply(&mut stored), None);
    }

    #[test]
    fn a_shared_plan_adds_what_is_missing_and_describe_changes_no_bookmark() {
        let mut stored = plan(&["s2"]);
        Change::Merge(ids(&["s1", "s2", "s3"])).apply(&mut stored);
        assert_eq!(stored, plan(&["s2", "s1", "s3"]));
        assert_eq!(Change::Describe.apply(&mut stored), None);
        assert_eq!(stored, plan(&["s2", "s1", "s3"]));
    }
}
