//! Canteen booking rules, pure and shared by the browser (to explain) and the server (the
//! authority, with its own clock). Presence is automatic: a family cancels a day (or asks
//! for a plain meal) before the Ente's cut-off, within a horizon; past and locked days
//! never change.

use crate::domain::calendar::DayKind;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use std::collections::BTreeSet;

/// An Ente's booking settings, in its time zone `Tz` (Europe/Rome on the server, via
/// chrono-tz; generic so that the browser bundle does not carry the zone database).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookingPolicy<Tz: TimeZone + Copy> {
    pub time_zone: Tz,
    /// Changes for a day are accepted until this local time of that day (default 9:30).
    pub cutoff: NaiveTime,
    /// When set, changes for a day open only at this local time of the day before
    /// (e.g. 17:00); otherwise as far ahead as the horizon allows.
    pub opens_evening_before: Option<NaiveTime>,
    /// How many days ahead a day can be changed (default 30).
    pub horizon_days: u16,
    /// At most this many plain meals on consecutive canteen days (default 3).
    pub plain_meal_max_consecutive: u8,
}

impl<Tz: TimeZone + Copy> BookingPolicy<Tz> {
    pub fn new(time_zone: Tz) -> BookingPolicy<Tz> {
        BookingPolicy {
            time_zone,
            cutoff: NaiveTime::from_hms_opt(9, 30, 0).unwrap_or_default(),
            opens_evening_before: None,
            horizon_days: 30,
            plain_meal_max_consecutive: 3,
        }
    }

    /// The instant a day locks: its cut-off in the Ente's zone (DST changes happen at
    /// night, so the cut-off time always exists; an ambiguous one takes the first).
    pub fn cutoff_of(&self, day: NaiveDate) -> DateTime<Utc> {
        local_instant(self.time_zone, day, self.cutoff)
    }

    /// The instant changes for a day open, if the Ente restricts it.
    pub fn opening_of(&self, day: NaiveDate) -> Option<DateTime<Utc>> {
        let evening = self.opens_evening_before?;
        Some(local_instant(self.time_zone, day.pred_opt()?, evening))
    }

    /// Today in the Ente's zone.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.time_zone).date_naive()
    }
}

fn local_instant<Tz: TimeZone>(tz: Tz, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = day.and_time(time);
    tz.from_local_datetime(&local)
        .earliest()
        // A time inside a spring-forward gap: one hour later is the same wall-clock moment.
        .or_else(|| {
            tz.from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
        })
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// Why a change is refused, as the family reads it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Il giorno {0} è già passato: non si può più modificare.")]
    Past(String),
    #[error("Il {day} è bloccato: le modifiche erano possibili fino alle {cutoff}.")]
    Locked { day: String, cutoff: String },
    #[error("Le modifiche per il {day} si possono fare dalle {opens} del giorno prima.")]
    NotYetOpen { day: String, opens: String },
    #[error("Si può modificare al massimo fino al {0}.")]
    BeyondHorizon(String),
    #[error("Il {day} non c'è servizio mensa ({why}).")]
    NoService { day: String, why: String },
    #[error("Il pasto in bianco si può chiedere al massimo per {0} giorni di mensa consecutivi.")]
    PlainMealLimit(u8),
    #[error("Non puoi modificare le prenotazioni di questo alunno.")]
    NotYourPupil,
    #[error("L'intervallo non è valido: la data finale precede quella iniziale.")]
    InvertedRange,
}

fn it(day: NaiveDate) -> String {
    crate::domain::date::format_date_it(day)
}

/// Whether a day can still be changed at `now`: a canteen day, not past, not locked, open,
/// within the horizon.
pub fn check_day<Tz: TimeZone + Copy>(
    policy: &BookingPolicy<Tz>,
    now: DateTime<Utc>,
    day: NaiveDate,
    kind: &DayKind,
) -> Result<(), Refusal> {
    let today = policy.today(now);
    if day < today {
        return Err(Refusal::Past(it(day)));
    }
    match kind {
        DayKind::Canteen => {}
        DayKind::NoService => {
            return Err(Refusal::NoService {
                day: it(day),
                why: "giorno senza mensa per la classe".into(),
            })
        }
        DayKind::Holiday(name) | DayKind::Closure(name) => {
            return Err(Refusal::NoService {
                day: it(day),
                why: name.clone(),
            })
        }
    }
    if now >= policy.cutoff_of(day) {
        return Err(Refusal::Locked {
            day: it(day),
            cutoff: policy.cutoff.format("%H:%M").to_string(),
        });
    }
    if let (Some(opening), Some(evening)) = (policy.opening_of(day), policy.opens_evening_before) {
        if now < opening {
            return Err(Refusal::NotYetOpen {
                day: it(day),
                opens: evening.format("%H:%M").to_string(),
            });
        }
    }
    let last = today + Duration::days(i64::from(policy.horizon_days));
    if day > last {
        return Err(Refusal::BeyondHorizon(it(last)));
    }
    Ok(())
}

/// A plain meal on `day` keeps the run of consecutive plain canteen days within the limit.
/// `plain` holds the pupil's other plain-meal days; `is_canteen_day` tells which days count
/// (weekends and holidays do not break a run, they are skipped).
pub fn check_plain_meal<Tz: TimeZone + Copy>(
    policy: &BookingPolicy<Tz>,
    day: NaiveDate,
    plain: &BTreeSet<NaiveDate>,
    is_canteen_day: impl Fn(NaiveDate) -> bool,
) -> Result<(), Refusal> {
    let max = policy.plain_meal_max_consecutive;
    let run_length = |step: i64| {
        let mut n = 0u8;
        let mut d = day;
        // Look at most a few weeks away: a run longer than that is refused anyway.
        for _ in 0..60 {
            d += Duration::days(step);
            if !is_canteen_day(d) {
                continue;
            }
            if plain.contains(&d) {
                n = n.saturating_add(1);
            } else {
                break;
            }
        }
        n
    };
    if run_length(-1)
        .saturating_add(1)
        .saturating_add(run_length(1))
        > max
    {
        return Err(Refusal::PlainMealLimit(max));
    }
    Ok(())
}

/// The days of a range (both ends included), or a refusal when it runs backwards.
pub fn days_of(from: NaiveDate, to: NaiveDate) -> Result<Vec<NaiveDate>, Refusal> {
    if to < from {
        return Err(Refusal::InvertedRange);
    }
    Ok(from.iter_days().take_while(|d| *d <= to).collect())
}

/// Who asks to change a pupil's bookings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Booker {
    /// The tutore of these pupils (by id).
    Tutore(BTreeSet<String>),
    /// A delegate, for the pupils the tutore delegated.
    Delegate(BTreeSet<String>),
}

pub fn may_book(booker: &Booker, pupil_id: &str) -> Result<(), Refusal> {
    let pupils = match booker {
        Booker::Tutore(p) | Booker::Delegate(p) => p,
    };
    if pupils.contains(pupil_id) {
        Ok(())
    } else {
        Err(Refusal::NotYourPupil)
    }
}

/// Time left to a cut-off, as the page shows it: `1 h 05 min`, `4 min 09 s`, `12 s`.
pub fn format_countdown(seconds: i64) -> String {
    let s = seconds.max(0);
    match (s / 3600, (s % 3600) / 60, s % 60) {
        (0, 0, sec) => format!("{sec} s"),
        (0, min, sec) => format!("{min} min {sec:02} s"),
        (h, min, _) => format!("{h} h {min:02} min"),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn countdowns_read_naturally() {
        assert_eq!(format_countdown(3_900), "1 h 05 min");
        assert_eq!(format_countdown(249), "4 min 09 s");
        assert_eq!(format_countdown(12), "12 s");
        assert_eq!(format_countdown(-5), "0 s");
    }
    use super::*;
    use chrono::Datelike;
    use chrono_tz::Europe::Rome;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    /// A local Rome wall-clock time as an instant.
    fn rome(y: i32, m: u32, day: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
        Rome.with_ymd_and_hms(y, m, day, h, min, s)
            .earliest()
            .expect("local time")
            .with_timezone(&Utc)
    }

    fn policy() -> BookingPolicy<chrono_tz::Tz> {
        BookingPolicy::new(Rome)
    }

    #[test]
    fn the_cut_off_is_at_9_30_local_time() {
        let p = policy();
        let day = d(2026, 12, 1);
        assert_eq!(
            check_day(&p, rome(2026, 12, 1, 9, 29, 59), day, &DayKind::Canteen),
            Ok(())
        );
        assert_eq!(
            check_day(&p, rome(2026, 12, 1, 9, 30, 0), day, &DayKind::Canteen),
            Err(Refusal::Locked {
                day: "01/12/2026".into(),
                cutoff: "09:30".into()
            })
        );
    }

    #[test]
    fn the_cut_off_holds_on_the_days_dst_starts_and_ends() {
        let p = policy();
        // 29 March 2026: clocks go 02:00 → 03:00; 25 October 2026: 03:00 → 02:00.
        for (m, dd) in [(3, 29), (10, 25)] {
            let day = d(2026, m, dd);
            assert_eq!(
                check_day(&p, rome(2026, m, dd, 9, 29, 59), day, &DayKind::Canteen),
                Ok(()),
                "{day}"
            );
            assert!(
                check_day(&p, rome(2026, m, dd, 9, 30, 0), day, &DayKind::Canteen).is_err(),
                "{day}"
            );
        }
        // In UTC the cut-off moves by an hour across the change.
        assert_eq!(
            p.cutoff_of(d(2026, 3, 28)).format("%H:%M").to_string(),
            "08:30"
        );
        assert_eq!(
            p.cutoff_of(d(2026, 3, 30)).format("%H:%M").to_string(),
            "07:30"
        );
    }

    #[test]
    fn holidays_and_days_without_service_cannot_change() {
        let p = policy();
        let now = rome(2026, 12, 1, 8, 0, 0);
        let holiday = check_day(
            &p,
            now,
            d(2026, 12, 8),
            &DayKind::Holiday("Immacolata Concezione".into()),
        );
        assert_eq!(
            holiday.map_err(|e| e.to_string()),
            Err("Il 08/12/2026 non c'è servizio mensa (Immacolata Concezione).".to_string())
        );
        assert!(matches!(
            check_day(&p, now, d(2026, 12, 2), &DayKind::NoService),
            Err(Refusal::NoService { .. })
        ));
        assert_eq!(
            check_day(&p, now, d(2026, 11, 30), &DayKind::Canteen),
            Err(Refusal::Past("30/11/2026".into()))
        );
    }

    #[test]
    fn the_horizon_limits_how_far_ahead() {
        let p = policy();
        let now = rome(2026, 12, 1, 8, 0, 0);
        assert_eq!(
            check_day(&p, now, d(2026, 12, 31), &DayKind::Canteen),
            Ok(())
        );
        assert_eq!(
            check_day(&p, now, d(2027, 1, 1), &DayKind::Canteen),
            Err(Refusal::BeyondHorizon("31/12/2026".into()))
        );
        // Far dates (1900, 2999) are refused, never a panic.
        assert!(check_day(&p, now, d(1900, 1, 1), &DayKind::Canteen).is_err());
        assert!(check_day(&p, now, d(2999, 1, 1), &DayKind::Canteen).is_err());
    }

    #[test]
    fn an_evening_window_opens_the_day_before() {
        let p = BookingPolicy {
            opens_evening_before: NaiveTime::from_hms_opt(17, 0, 0),
            ..policy()
        };
        let day = d(2026, 12, 2);
        assert!(matches!(
            check_day(&p, rome(2026, 12, 1, 16, 59, 59), day, &DayKind::Canteen),
            Err(Refusal::NotYetOpen { .. })
        ));
        assert_eq!(
            check_day(&p, rome(2026, 12, 1, 17, 0, 0), day, &DayKind::Canteen),
            Ok(())
        );
        assert_eq!(
            check_day(&p, rome(2026, 12, 2, 9, 0, 0), day, &DayKind::Canteen),
            Ok(())
        );
    }

    #[test]
    fn plain_meals_are_limited_to_three_consecutive_canteen_days() {
        let p = policy();
        // Mon–Fri canteen: Wed 2, Thu 3, Fri 4 December plain; Mon 7 would make four.
        let weekdays = |day: NaiveDate| day.weekday().number_from_monday() <= 5;
        let plain: BTreeSet<NaiveDate> = [d(2026, 12, 2), d(2026, 12, 3), d(2026, 12, 4)].into();
        assert_eq!(
            check_plain_meal(&p, d(2026, 12, 7), &plain, weekdays),
            Err(Refusal::PlainMealLimit(3))
        );
        assert_eq!(
            check_plain_meal(&p, d(2026, 12, 1), &plain, weekdays),
            Err(Refusal::PlainMealLimit(3))
        );
        // A gap breaks the run.
        let plain: BTreeSet<NaiveDate> = [d(2026, 12, 2), d(2026, 12, 3)].into();
        assert_eq!(
            check_plain_meal(&p, d(2026, 12, 7), &plain, weekdays),
            Ok(())
        );
        assert_eq!(
            check_plain_meal(&p, d(2026, 12, 4), &plain, weekdays),
            Ok(())
        );
    }

    #[test]
    fn ranges_and_rights() {
        assert_eq!(
            days_of(d(2026, 12, 1), d(2026, 12, 3)).map(|v| v.len()),
            Ok(3)
        );
        assert_eq!(
            days_of(d(2026, 12, 3), d(2026, 12, 1)),
            Err(Refusal::InvertedRange)
        );
        let giulia = "giulia".to_string();
        let tutore = Booker::Tutore([giulia.clone(), "luca".into()].into());
        let delegate = Booker::Delegate([giulia.clone()].into());
        assert_eq!(may_book(&tutore, "luca"), Ok(()));
        assert_eq!(may_book(&delegate, &giulia), Ok(()));
        assert_eq!(may_book(&delegate, "luca"), Err(Refusal::NotYourPupil));
    }
}
