//! The canteen's booking settings, changed by the office in the app (they were only on the
//! command line): each value checked with a sentence saying which field is wrong, the
//! change and its audit record in one transaction.

use crate::backend::auth::Caller;
use crate::backend::store::tenants::BookingSettings;
use crate::backend::store::{audit, calendar};
use crate::domain::audit::AuditAction;
use crate::domain::money::Money;
use crate::error::AppError;
use crate::model::booking_settings::BookingSettingsForm;
use chrono::NaiveTime;

const MAX_HORIZON_DAYS: u16 = 365;
const MAX_PLAIN_MEALS: u8 = 20;
/// Above this the office is lending, not tolerating a late top-up.
const MAX_NEGATIVE_LIMIT_CENTS: i64 = 50_000;

pub fn form_of(s: &BookingSettings) -> BookingSettingsForm {
    BookingSettingsForm {
        cutoff: s.cutoff.format("%H:%M").to_string(),
        opens_evening_before: s
            .opens_evening_before
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default(),
        horizon_days: s.horizon_days.to_string(),
        plain_meal_max_consecutive: s.plain_meal_max_consecutive.to_string(),
        charge_late_absence: s.charge_late_absence,
        negative_limit: s
            .negative_limit
            .to_string()
            // "30,00 €" without the sign (after a no-break space): the field is in euro.
            .trim_end_matches('€')
            .trim_end()
            .to_string(),
    }
}

pub fn load(caller: &Caller) -> BookingSettingsForm {
    form_of(&caller.tenant.booking)
}

fn time(text: &str, field: &str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| AppError::BadRequest(format!("{field}: scrivi un orario come 09:30.")))
}

/// A whole number from `min` to `max`, or the sentence naming the field.
fn whole<T>(text: &str, field: &str, min: T, max: T) -> Result<T, AppError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    text.trim()
        .parse::<T>()
        .ok()
        .filter(|n| *n >= min && *n <= max)
        .ok_or_else(|| AppError::BadRequest(format!("{field}: scrivi un numero da {min} a {max}.")))
}

/// The settings of the form, or the sentence naming the field that is wrong.
pub fn parse(form: &BookingSettingsForm) -> Result<BookingSettings, AppError> {
    let cutoff = time(&form.cutoff, "Orario limite")?;
    let opens_evening_before = match form.opens_evening_before.trim() {
        "" => None,
        t => Some(time(t, "Apertura la sera prima")?),
    };
    if opens_evening_before.is_some_and(|t| t <= cutoff) {
        return Err(AppError::BadRequest(
            "Apertura la sera prima: deve venire dopo l'orario limite (per esempio 17:00).".into(),
        ));
    }
    let negative_limit = Money::parse_it(&form.negative_limit)
        .ok()
        .filter(|m| (0..=MAX_NEGATIVE_LIMIT_CENTS).contains(&m.cents()))
        .ok_or_else(|| {
            AppError::BadRequest(
                "Saldo negativo ammesso: scrivi un importo da 0 a 500,00 €.".into(),
            )
        })?;
    Ok(BookingSettings {
        cutoff,
        opens_evening_before,
        horizon_days: whole(
            &form.horizon_days,
            "Prenotabile fino a",
            1,
            MAX_HORIZON_DAYS,
        )?,
        plain_meal_max_consecutive: whole(
            &form.plain_meal_max_consecutive,
            "Pasti in bianco consecutivi",
            1,
            MAX_PLAIN_MEALS,
        )?,
        charge_late_absence: form.charge_late_absence,
        negative_limit,
    })
}

/// "orario limite 09:30, …": the settings as one line of the audit log.
fn summary(form: &BookingSettingsForm) -> String {
    format!(
        "orario limite {}, apertura la sera prima {}, {} giorni, {} pasti in bianco, assenze tardive {}, saldo negativo {} €",
        form.cutoff,
        if form.opens_evening_before.is_empty() { "no" } else { &form.opens_evening_before },
        form.horizon_days,
        form.plain_meal_max_consecutive,
        if form.charge_late_absence { "addebitate" } else { "non addebitate" },
        form.negative_limit
    )
}

pub async fn save(caller: &Caller, form: &BookingSettingsForm) -> Result<String, AppError> {
    let settings = parse(form)?;
    let before = summary(&form_of(&caller.tenant.booking));
    let after = summary(&form_of(&settings));
    if before == after {
        return Ok("Nessuna modifica: le impostazioni erano già queste.".into());
    }
    let mut tx = caller.db().begin().await?;
    calendar::set_settings(&mut tx, &caller.tenant.id, &settings).await?;
    let change = audit::Change {
        actor: caller.fiscal_code(),
        action: AuditAction::BookingSettingsChanged,
        subject: "Mensa",
        before: Some(&before),
        after: Some(&after),
    };
    audit::append(&mut tx, &caller.tenant.id, &change, chrono::Utc::now()).await?;
    tx.commit().await?;
    Ok("Impostazioni salvate: valgono da subito per tutte le famiglie.".into())
}
