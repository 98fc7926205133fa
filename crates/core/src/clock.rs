//! The week's own clock: where today stands against the schedule (before it, during it, after
//! it), what the home page says about it, and which group of the home list holds today.
//!
//! The schedule is every dated session plus the week itself: sessions before the week (school
//! visits from 5.20) count, so 5.21 is "during". Today is the date in Chongqing (UTC+8),
//! wherever the phone's clock is set to: the sessions are there.

use chrono::{Datelike, NaiveDate};

use crate::days::{short_date, GroupKey};
use crate::model::Dataset;

/// Chongqing's offset from UTC, in milliseconds (China has one time zone and no summer time).
const CHONGQING_OFFSET_MS: i64 = 8 * 3600 * 1000;

/// The date in Chongqing at `unix_ms` (milliseconds since 1970, as `Date.now()` gives them).
pub fn today_in_chongqing(unix_ms: f64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp_millis(unix_ms as i64 + CHONGQING_OFFSET_MS)
        .map(|t| t.date_naive())
}

/// Where today stands against the schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The first session is `days` days away (at least 1).
    Before { days: i64, first: NaiveDate },
    /// Today is between the first session and the week's (or the last session's) end.
    During(NaiveDate),
    /// The week is over.
    After,
}

/// The first and last day of the schedule: the week, widened by any dated session outside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// The week itself (5.25–6.1), which the messages name.
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
}

impl Schedule {
    pub fn of(ds: &Dataset) -> Schedule {
        let starts = ds.sessions.iter().filter_map(|s| s.start);
        let ends = ds.sessions.iter().filter_map(|s| s.end);
        Schedule {
            first: starts.fold(ds.week.start, NaiveDate::min),
            last: ends.fold(ds.week.end, NaiveDate::max),
            week_start: ds.week.start,
            week_end: ds.week.end,
        }
    }

    pub fn phase(&self, today: NaiveDate) -> Phase {
        if today < self.first {
            Phase::Before {
                days: (self.first - today).num_days(),
                first: self.first,
            }
        } else if today <= self.last {
            Phase::During(today)
        } else {
            Phase::After
        }
    }

    /// The first instant after the schedule: midnight in Chongqing at the end of its last
    /// day, in Unix milliseconds (for the page's head script, which runs before the app).
    pub fn over_at_unix_ms(&self) -> i64 {
        let next = self.last.succ_opt().unwrap_or(self.last);
        next.and_hms_opt(0, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp_millis() - CHONGQING_OFFSET_MS)
    }

    /// What the home page says before the week (how long to wait) and after it (that this is
    /// a past year's schedule); nothing during it. One short line on a phone: the week's dates
    /// are in the header right above it.
    pub fn message(&self, phase: Phase) -> Option<String> {
        match phase {
            Phase::Before { days, first } => Some(format!(
                "还有 {days} 天开始，首场活动在{}。",
                short_date(first)
            )),
            Phase::During(_) => None,
            Phase::After => Some(format!(
                "{}年科技活动周已经结束，以下日程供查阅。",
                self.week_start.year()
            )),
        }
    }

    /// The home list's group that holds `today`: its day from the week's start on, the
    /// sessions before the week before it; `None` outside the schedule.
    pub fn today_group(&self, today: NaiveDate) -> Option<GroupKey> {
        match self.phase(today) {
            Phase::During(d) if d < self.week_start => Some(GroupKey::BeforeWeek),
            Phase::During(d) => Some(GroupKey::Day(d)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::d;
    use crate::testing::fixtures::committed;

    #[test]
    fn today_is_the_date_in_chongqing() {
        // 2024-05-24T16:00:00Z is midnight of 5.25 in Chongqing.
        let midnight = 1_716_566_400_000.0;
        assert_eq!(today_in_chongqing(midnight), Some(d(5, 25)));
        assert_eq!(today_in_chongqing(midnight - 1.0), Some(d(5, 24)));
    }

    #[test]
    fn the_schedule_is_over_at_midnight_in_chongqing_after_its_last_day() {
        let s = Schedule::of(&committed());
        let over = s.over_at_unix_ms();
        assert_eq!(today_in_chongqing(over as f64), Some(d(6, 2)));
        assert_eq!(today_in_chongqing((over - 1) as f64), Some(d(6, 1)));
        assert_eq!(s.phase(d(6, 2)), Phase::After);
    }

    #[test]
    fn the_schedule_starts_with_the_sessions_before_the_week() {
        let s = Schedule::of(&committed());
        assert_eq!(s.first, d(5, 20));
        assert_eq!(s.last, d(6, 1));
        assert_eq!((s.week_start, s.week_end), (d(5, 25), d(6, 1)));
    }

    #[test]
    fn before_during_and_after() {
        let s = Schedule::of(&committed());
        assert_eq!(
            s.phase(d(5, 10)),
            Phase::Before {
                days: 10,
                first: d(5, 20)
            }
        );
        assert_eq!(
            s.message(s.phase(d(5, 10))).unwrap(),
            "还有 10 天开始，首场活动在5月20日。"
        );
        assert_eq!(
            s.phase(d(5, 19)),
            Phase::Before {
                days: 1,
                first: d(5, 20)
            }
        );
        for day in [d(5, 20), d(5, 23), d(5, 24), d(5, 25), d(6, 1)] {
            assert_eq!(s.phase(day), Phase::During(day));
            assert_eq!(s.message(s.phase(day)), None);
        }
        assert_eq!(s.phase(d(6, 2)), Phase::After);
        assert_eq!(
            s.phase(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()),
            Phase::After
        );
        assert_eq!(
            s.message(Phase::After).unwrap(),
            "2024年科技活动周已经结束，以下日程供查阅。"
        );
    }

    #[test]
    fn a_week_without_earlier_sessions_counts_down_to_the_week() {
        let mut ds = committed();
        ds.sessions
            .retain(|s| s.start.is_none_or(|st| st >= ds.week.start));
        let s = Schedule::of(&ds);
        assert_eq!(s.first, d(5, 25));
        assert_eq!(
            s.message(s.phase(d(5, 23))).unwrap(),
            "还有 2 天开始，首场活动在5月25日。"
        );
    }

    #[test]
    fn todays_group() {
        let ds = committed();
        let s = Schedule::of(&ds);
        assert_eq!(s.today_group(d(5, 21)), Some(GroupKey::BeforeWeek));
        assert_eq!(s.today_group(d(5, 28)), Some(GroupKey::Day(d(5, 28))));
        assert_eq!(s.today_group(d(5, 1)), None);
        assert_eq!(s.today_group(d(6, 2)), None);
    }
}
