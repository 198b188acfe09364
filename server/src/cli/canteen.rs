//! `sportello canteen …`: an operator's edits of the Ente's canteen calendar, menus and
//! booking settings.

use app::backend::store::{calendar, menus, tenants::Tenant, StoreError};
use app::domain::calendar::ClosurePeriod;
use app::domain::ids::SchoolId;
use app::domain::menus::Menu;
use app::domain::money::Money;
use chrono::{NaiveDate, NaiveTime};
use clap::Subcommand;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The Ente's 11-digit fiscal code.
    #[arg(long)]
    ente: String,
    #[command(subcommand)]
    action: CanteenAction,
}

#[derive(Subcommand)]
pub enum CanteenAction {
    /// Schools and classes (with their ids), canteen weekdays and closures.
    Show,
    /// Change booking settings (only those given).
    Settings {
        /// Local time a day locks, e.g. 09:30.
        #[arg(long)]
        cutoff: Option<String>,
        /// Changes for a day open only at this time of the day before, e.g. 17:00; `no` to remove.
        #[arg(long)]
        opens_evening_before: Option<String>,
        #[arg(long)]
        horizon_days: Option<u16>,
        /// Most plain meals on consecutive canteen days.
        #[arg(long)]
        plain_max: Option<u8>,
        /// Charge meals of absences recorded after the cut-off: yes or no.
        #[arg(long)]
        charge_late_absence: Option<String>,
        /// How far below zero the canteen balance may go, in euro (e.g. 50).
        #[arg(long)]
        negative_limit: Option<String>,
    },
    /// Close the canteen on a day or range (holidays, strikes, trips).
    Close {
        #[arg(long)]
        from: String,
        /// Last day (default: the first).
        #[arg(long)]
        to: Option<String>,
        /// One school's id (default: the whole Ente).
        #[arg(long, default_value = "")]
        school: String,
        #[arg(long)]
        reason: String,
    },
    /// Remove a closure: the canteen runs again on its days.
    Reopen {
        /// The closure's first day.
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        school: String,
    },
    /// The weekdays a class eats at school, e.g. 1,2,3,4,5 or 2,4.
    Weekdays {
        #[arg(long)]
        class: String,
        #[arg(long, value_delimiter = ',')]
        days: Vec<u8>,
    },
    /// Put a menu (JSON: name, weeks, days [{week, weekday, dishes, variants [{diet, dishes}]}])
    /// in effect at a school from a date.
    Menu {
        #[arg(long)]
        school: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        file: PathBuf,
    },
}

fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("{text:?}: write YYYY-MM-DD"))
}

fn time(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| format!("{text:?}: write HH:MM"))
}

fn fail(e: StoreError) -> String {
    e.to_string()
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
pub async fn run(db: &sqlx::AnyPool, Args { ente, action }: Args) -> Result<(), String> {
    let tenant = super::ente_by_code(db, &ente).await?;
    let tenant = &tenant;
    match action {
        CanteenAction::Show => {
            for line in calendar::overview(db, &tenant.id).await.map_err(fail)? {
                println!("{line}");
            }
        }
        CanteenAction::Settings {
            cutoff,
            opens_evening_before,
            horizon_days,
            plain_max,
            charge_late_absence,
            negative_limit,
        } => {
            let changes = SettingsChanges {
                cutoff,
                opens_evening_before,
                horizon_days,
                plain_max,
                charge_late_absence,
                negative_limit,
            };
            settings(db, tenant, changes).await?;
        }
        CanteenAction::Close {
            from,
            to,
            school,
            reason,
        } => close(db, tenant, &from, to.as_deref(), &school, &reason).await?,
        CanteenAction::Reopen { date: day, school } => reopen(db, tenant, &day, &school).await?,
        CanteenAction::Weekdays { class, days } => {
            calendar::set_class_weekdays(db, &tenant.id, &class, &days)
                .await
                .map_err(fail)?;
            println!("canteen weekdays of {class} set");
        }
        CanteenAction::Menu { school, from, file } => {
            menu(db, tenant, &school, &from, &file).await?
        }
    }
    Ok(())
}

/// One school (`""`: the whole Ente), as the command line names it.
fn school_scope(school: &str) -> Result<Option<SchoolId>, String> {
    (!school.is_empty())
        .then(|| SchoolId::parse(school).map_err(|e| e.to_string()))
        .transpose()
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn close(
    db: &sqlx::AnyPool,
    tenant: &Tenant,
    from: &str,
    to: Option<&str>,
    school: &str,
    reason: &str,
) -> Result<(), String> {
    let from = date(from)?;
    let to = to.map(date).transpose()?.unwrap_or(from);
    let period = ClosurePeriod::new(from, to, reason)?;
    let mut conn = db.acquire().await.map_err(|e| e.to_string())?;
    let scope = school_scope(school)?;
    calendar::add_closure(
        &mut conn,
        &tenant.id,
        scope.as_ref(),
        &period,
        &super::cli_author(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)?
    .map_err(|refusal| refusal.message())?;
    println!("closed: {}", period.dates_it());
    Ok(())
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn reopen(
    db: &sqlx::AnyPool,
    tenant: &Tenant,
    first_day: &str,
    school: &str,
) -> Result<(), String> {
    let mut conn = db.acquire().await.map_err(|e| e.to_string())?;
    let scope = school_scope(school)?;
    let removed = calendar::remove_closure(&mut conn, &tenant.id, scope.as_ref(), date(first_day)?)
        .await
        .map_err(fail)?
        .map_err(|refusal| refusal.message())?;
    println!("reopened: {}", removed.dates_it());
    Ok(())
}

/// The booking settings given on the command line (the others stay as they are).
struct SettingsChanges {
    cutoff: Option<String>,
    opens_evening_before: Option<String>,
    horizon_days: Option<u16>,
    plain_max: Option<u8>,
    charge_late_absence: Option<String>,
    negative_limit: Option<String>,
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn settings(
    db: &sqlx::AnyPool,
    tenant: &Tenant,
    changes: SettingsChanges,
) -> Result<(), String> {
    let mut s = tenant.booking;
    if let Some(t) = changes.cutoff {
        s.cutoff = time(&t)?;
    }
    if let Some(t) = changes.opens_evening_before {
        s.opens_evening_before = if t == "no" { None } else { Some(time(&t)?) };
    }
    s.horizon_days = changes.horizon_days.unwrap_or(s.horizon_days);
    s.plain_meal_max_consecutive = changes.plain_max.unwrap_or(s.plain_meal_max_consecutive);
    if let Some(yes) = changes.charge_late_absence {
        s.charge_late_absence = match yes.as_str() {
            "yes" => true,
            "no" => false,
            _ => return Err("--charge-late-absence: yes or no".into()),
        };
    }
    if let Some(limit) = changes.negative_limit {
        s.negative_limit = Money::parse_it(&limit).map_err(|e| e.to_string())?;
    }
    let mut conn = db.acquire().await.map_err(|e| e.to_string())?;
    calendar::set_settings(&mut conn, &tenant.id, &s)
        .await
        .map_err(fail)?;
    println!("booking settings of {} updated", tenant.name);
    Ok(())
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn menu(
    db: &sqlx::AnyPool,
    tenant: &Tenant,
    school: &str,
    from: &str,
    file: &Path,
) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let menu: Menu = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let menu = Menu::new(menu).map_err(|e| e.to_string())?;
    let known = sqlx::query("SELECT 1 FROM schools WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.id.as_str())
        .bind(school)
        .fetch_optional(db)
        .await
        .map_err(|e| e.to_string())?;
    if known.is_none() {
        return Err(format!("no school {school} in {}", tenant.name));
    }
    let mut conn = db.acquire().await.map_err(|e| e.to_string())?;
    menus::set(
        &mut conn,
        &tenant.id,
        school,
        date(from)?,
        &menu,
        &super::cli_author(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)?;
    println!("menu {:?} in effect from {from}", menu.name);
    Ok(())
}
