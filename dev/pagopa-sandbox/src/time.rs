//! Date-times. Inside: UTC. Outside: RFC 3339 with the Italian offset, because pagoPA works
//! in Italian time and a payment at 00:30 on 1 January belongs to the new (tax) year.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Rome;
use std::time::SystemTime;

pub type Timestamp = DateTime<Utc>;

pub fn now() -> Timestamp {
    // From SystemTime: the workspace builds chrono without its "clock" feature.
    Timestamp::from(SystemTime::now())
}

/// `2025-01-10T10:15:30+01:00`.
pub fn format(ts: &Timestamp) -> String {
    ts.with_timezone(&Rome)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// The Italian calendar date of an instant.
pub fn rome_date(ts: &Timestamp) -> NaiveDate {
    ts.with_timezone(&Rome).date_naive()
}

/// RFC 3339, or a date-time without offset (what GPD's own clients often send), read as
/// Italian local time.
pub fn parse_date_time(s: &str) -> Option<Timestamp> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    Rome.from_local_datetime(&naive)
        .earliest()
        .map(|dt| dt.with_timezone(&Utc))
}

/// `yyyy-MM-dd`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Midnight (Italian time) at the start of `day`.
pub fn start_of_day(day: NaiveDate) -> Option<Timestamp> {
    Rome.from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|dt| dt.with_timezone(&Utc))
}

/// Midnight (Italian time) at the end of `day`, exclusive.
pub fn end_of_day(day: NaiveDate) -> Option<Timestamp> {
    start_of_day(day.succ_opt()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_in_italian_time() {
        let ts = parse_date_time("2025-01-10T09:15:30Z").unwrap_or_default();
        assert_eq!(format(&ts), "2025-01-10T10:15:30+01:00");
        let local = parse_date_time("2025-07-10T10:15:30").unwrap_or_default();
        assert_eq!(format(&local), "2025-07-10T10:15:30+02:00");
        let new_year = parse_date_time("2024-12-31T23:30:00Z").unwrap_or_default();
        assert_eq!(rome_date(&new_year).to_string(), "2025-01-01");
        assert!(parse_date_time("2025-13-10T10:15:30").is_none());
        assert!(parse_date("2025-02-30").is_none());
    }
}
