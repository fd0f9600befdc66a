//! The charts of the contract as data: which charts there are, how many points a curve has and
//! how months are labelled. Drawing them is the web package's; what they show is decided here, so
//! the CSV export and the pictures can never disagree.

use chrono::{Datelike, Months, NaiveDate};

/// The two charts of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chart {
    CostVsRequests,
    CostOverTime,
}

impl Chart {
    /// Both, in the order the page shows them.
    pub const ALL: [Chart; 2] = [Chart::CostVsRequests, Chart::CostOverTime];

    /// The name in the chart's URL.
    pub fn slug(self) -> &'static str {
        match self {
            Chart::CostVsRequests => "cost-vs-requests",
            Chart::CostOverTime => "cost-over-time",
        }
    }
}

/// Points per series on the requests chart and in its CSV rows: smooth at any width, cheap to
/// draw.
pub const CURVE_POINTS: usize = 160;

/// The first day of the month `offset` months after `day`'s.
pub fn month_start(day: NaiveDate, offset: usize) -> NaiveDate {
    let first = day.with_day0(0).unwrap_or(day);
    first.checked_add_months(Months::new(offset as u32)).unwrap_or(first)
}

/// "Mar 2028" for `offset` months after `first`'s month.
pub fn month_label(first: NaiveDate, offset: usize) -> String {
    month_start(first, offset).format("%b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_start_on_the_first_and_carry_into_the_next_year() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(month_start(day, 0), NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        assert_eq!(month_label(day, 2), "Jan 2027");
    }
}
