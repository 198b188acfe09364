//! Menù: the office sees a school's menus in effect and scheduled, and saves a new version
//! from a date (a copy of the latest as the starting point), checked whole by
//! `domain::menus` and written with its audit record in one transaction.

use crate::backend::auth::{Caller, Visitor};
use crate::backend::store::setup::{self as schools, SchoolRow};
use crate::backend::store::{audit, menus};
use crate::domain::audit::AuditAction;
use crate::domain::ids::SchoolId;
use crate::domain::menus::{
    dishes_of, DietVariant, Menu, MenuDay, MenuHistory, DIETS, MAX_WEEKS, WEEKDAYS,
};
use crate::error::AppError;
use crate::model::menus::{
    MenuCell, MenuDayView, MenuDraft, MenuPrint, MenuVersionView, MenusView,
};
use chrono::NaiveDate;

/// The menus of `school` (none: the first school in service), the new version's form with
/// `weeks` weeks (none: as many as the latest menu).
pub async fn page(
    caller: &Caller,
    school: Option<&SchoolId>,
    weeks: Option<u8>,
) -> Result<MenusView, AppError> {
    let (db, tenant) = (caller.db(), &caller.tenant.id);
    let in_service: Vec<SchoolRow> = schools::schools(db, tenant)
        .await?
        .into_iter()
        .filter(|s| !s.retired)
        .collect();
    let chosen = match school {
        Some(id) => in_service
            .iter()
            .find(|s| &s.id == id)
            .ok_or(AppError::NotFound)?,
        None => in_service.first().ok_or_else(|| {
            AppError::BadRequest(
                "L'Ente non ha scuole in servizio: aggiungile in «Scuole, classi e servizi»."
                    .into(),
            )
        })?,
    };
    let history = menus::of_school(db, tenant, chosen.id.as_str()).await?;
    let today = caller.today();
    let latest = history.versions.last().map(|(_, m)| m);
    Ok(MenusView {
        schools: in_service
            .iter()
            .map(|s| (s.id.clone(), s.name.clone()))
            .collect(),
        school: chosen.id.clone(),
        school_name: chosen.name.clone(),
        today: today.into(),
        versions: from_today(&history, today),
        draft: draft_from(latest, weeks, today),
    })
}

/// The version in effect today, then the later ones.
fn from_today(history: &MenuHistory, today: NaiveDate) -> Vec<MenuVersionView> {
    // Without one in effect, every version starts later: all are shown.
    let shown = history
        .versions
        .iter()
        .rposition(|(from, _)| *from <= today)
        .unwrap_or(0);
    history.versions[shown..]
        .iter()
        .map(|(from, menu)| version_view(*from, menu, *from <= today))
        .collect()
}

/// A school's menu for anyone to print (the school must be the Ente's, in service).
pub async fn printable(visitor: &Visitor, school: &SchoolId) -> Result<MenuPrint, AppError> {
    let tenant = &visitor.tenant;
    let mut conn = visitor.db().acquire().await?;
    let row = schools::school(&mut conn, &tenant.id, school)
        .await?
        .filter(|s| !s.retired)
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let history = menus::of_school(visitor.db(), &tenant.id, school.as_str()).await?;
    let today = tenant.booking_policy().today(chrono::Utc::now());
    Ok(MenuPrint {
        school_name: row.name,
        versions: from_today(&history, today),
    })
}

fn version_view(from: NaiveDate, menu: &Menu, current: bool) -> MenuVersionView {
    let mut days: Vec<&MenuDay> = menu.days.iter().collect();
    days.sort_by_key(|d| (d.week, d.weekday));
    MenuVersionView {
        valid_from: from.format("%d/%m/%Y").to_string(),
        current,
        name: menu.name.clone(),
        weeks: menu.weeks,
        days: days
            .into_iter()
            .map(|d| MenuDayView {
                week: d.week,
                weekday: weekday_name(d.weekday).to_string(),
                dishes: d.dishes.clone(),
                variants: d
                    .variants
                    .iter()
                    .map(|v| (v.diet.clone(), v.dishes.clone()))
                    .collect(),
            })
            .collect(),
    }
}

fn weekday_name(weekday: u8) -> &'static str {
    WEEKDAYS
        .get(usize::from(weekday.max(1)) - 1)
        .copied()
        .unwrap_or("")
}

/// The latest menu as the editor's cells, Monday to Friday (Saturday too when the menu has
/// it), for `weeks` weeks (its own number when none is asked), valid from tomorrow.
fn draft_from(latest: Option<&Menu>, weeks: Option<u8>, today: NaiveDate) -> MenuDraft {
    let weeks = weeks
        .or(latest.map(|m| m.weeks))
        .unwrap_or(4)
        .clamp(1, MAX_WEEKS);
    let last_weekday = if latest.is_some_and(|m| m.days.iter().any(|d| d.weekday == 6)) {
        6
    } else {
        5
    };
    let mut cells = Vec::new();
    for week in 1..=weeks {
        for weekday in 1..=last_weekday {
            let day = latest.and_then(|m| {
                m.days
                    .iter()
                    .find(|d| d.week == week && d.weekday == weekday)
            });
            let variant = |diet: &str| {
                day.and_then(|d| d.variants.iter().find(|v| v.diet == diet))
                    .map(|v| v.dishes.join("\n"))
                    .unwrap_or_default()
            };
            cells.push(MenuCell {
                week,
                weekday,
                dishes: day.map(|d| d.dishes.join("\n")).unwrap_or_default(),
                variants: DIETS.iter().map(|diet| variant(diet)).collect(),
            });
        }
    }
    MenuDraft {
        valid_from: today.succ_opt().unwrap_or(today).to_string(),
        name: latest.map(|m| m.name.clone()).unwrap_or_default(),
        weeks,
        cells,
    }
}

/// The menu the draft describes: days without dishes have no menu; variants left empty
/// follow the normal menu.
pub fn menu_of(draft: &MenuDraft) -> Result<Menu, AppError> {
    let mut days = Vec::new();
    for cell in &draft.cells {
        let dishes = dishes_of(&cell.dishes);
        let variants: Vec<DietVariant> = DIETS
            .iter()
            .zip(&cell.variants)
            .map(|(diet, text)| DietVariant {
                diet: diet.to_string(),
                dishes: dishes_of(text),
            })
            .filter(|v| !v.dishes.is_empty())
            .collect();
        if dishes.is_empty() && variants.is_empty() {
            continue;
        }
        days.push(MenuDay {
            week: cell.week,
            weekday: cell.weekday,
            dishes,
            variants,
        });
    }
    Menu::new(Menu {
        name: draft.name.trim().to_string(),
        weeks: draft.weeks,
        days,
    })
    .map_err(|e| AppError::BadRequest(e.to_string()))
}

/// Puts the draft in effect at the school from its date (today or later); a version
/// already starting that day is replaced.
pub async fn save(
    caller: &Caller,
    school: &SchoolId,
    draft: &MenuDraft,
) -> Result<String, AppError> {
    let from = NaiveDate::parse_from_str(draft.valid_from.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::BadRequest("Indica la data da cui vale il menù.".into()))?;
    if from < caller.today() {
        return Err(AppError::BadRequest(
            "Il menù può valere da oggi o da un giorno futuro, non dal passato.".into(),
        ));
    }
    let menu = menu_of(draft)?;
    let tenant = &caller.tenant.id;
    let mut tx = caller.db().begin().await?;
    let row = schools::school(&mut tx, tenant, school).await?;
    let Some(row) = row.filter(|s| !s.retired) else {
        tx.rollback().await?;
        return Err(AppError::NotFound);
    };
    let now = chrono::Utc::now();
    let by = caller.fiscal_code();
    menus::set(
        &mut tx,
        tenant,
        school.as_str(),
        from,
        &menu,
        by.as_str(),
        now,
    )
    .await?;
    let date = from.format("%d/%m/%Y").to_string();
    let after = format!(
        "«{}», {} settimane, {} giorni, dal {date}",
        menu.name,
        menu.weeks,
        menu.days.len()
    );
    let change = audit::Change {
        actor: by,
        action: AuditAction::MenuSaved,
        subject: &row.name,
        before: None,
        after: Some(&after),
    };
    audit::append(&mut tx, tenant, &change, now).await?;
    tx.commit().await?;
    Ok(format!("Menù «{}» salvato: vale dal {date}.", menu.name))
}
