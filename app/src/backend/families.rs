//! Famiglie: the office finds a family and reads everything the portal holds about it —
//! tutore, pupils, accounts with their statements, fees, payments and messages — without
//! changing anything. Only a family of the office's own Ente is found.

use crate::backend::auth::Caller;
use crate::backend::payments::family;
use crate::backend::store::families::{self, Key, MAX_HITS};
use crate::backend::store::payments;
use crate::backend::store::{messages, personal};
use crate::domain::date::format_date_it;
use crate::domain::fiscal_code::FiscalCode;
use crate::error::AppError;
use crate::model::families::{
    AccountStatement, FamilyHit, FamilyMessage, FamilyPayment, FamilyPupil, FamilySearch,
    FamilyView,
};

/// The longest text the search takes (the page's field allows as much).
const MAX_QUERY: usize = 80;

/// Latest movements of each account, payments and messages shown on a family's page.
const LATEST: u32 = 20;

/// The families matching what the office typed (a name, a fiscal code, a notice code).
pub async fn search(caller: &Caller, text: &str) -> Result<FamilySearch, AppError> {
    // A name, a fiscal code or a notice code is short; a long text is a mistake (and a
    // database refuses a LIKE pattern of tens of thousands of characters).
    if text.trim().chars().count() > MAX_QUERY {
        return Ok(FamilySearch {
            refusal: Some(format!(
                "Il testo da cercare è troppo lungo: al massimo {MAX_QUERY} caratteri."
            )),
            ..FamilySearch::default()
        });
    }
    let Some(key) = Key::parse(text) else {
        return Ok(FamilySearch {
            refusal: (!text.trim().is_empty()).then(|| {
                "Scrivi almeno due lettere del nome o del cognome, un codice fiscale o un codice avviso."
                    .to_string()
            }),
            ..FamilySearch::default()
        });
    };
    let mut hits = families::search(caller.db(), &caller.tenant.id, &key).await?;
    let more = hits.len() > MAX_HITS;
    hits.truncate(MAX_HITS);
    Ok(FamilySearch {
        hits: hits
            .into_iter()
            .map(|h| FamilyHit {
                fiscal_code: h.fiscal_code,
                name: h.name,
                pupils: h.pupils,
            })
            .collect(),
        more,
        refusal: None,
    })
}

/// The family of the tutore with this fiscal code, as the office reads it.
pub async fn view(caller: &Caller, fiscal_code: &FiscalCode) -> Result<FamilyView, AppError> {
    let (db, tenant) = (caller.db(), &caller.tenant);
    let guardian = families::guardian(db, &tenant.id, fiscal_code)
        .await?
        .ok_or(AppError::NotFound)?;
    let pupils = personal::pupils_of_guardian(db, &tenant.id, fiscal_code, caller.today()).await?;
    let mut accounts = Vec::new();
    for account in family::account_cards(caller, fiscal_code).await? {
        let page = family::statement_of(caller, fiscal_code, &account.id, 1, LATEST).await?;
        accounts.push(AccountStatement {
            account,
            rows: page.items,
            total: page.total_items,
        });
    }
    let fees = family::fee_cards(caller, fiscal_code).await?;
    let payments = payments::of_guardian(db, &tenant.id, fiscal_code, false, LATEST).await?;
    let messages = messages::of_guardian(db, &tenant.id, fiscal_code, LATEST).await?;
    let at = |t: chrono::DateTime<chrono::Utc>, format: &str| {
        t.with_timezone(&tenant.time_zone)
            .format(format)
            .to_string()
    };
    Ok(FamilyView {
        fiscal_code: guardian.fiscal_code.as_str().to_string(),
        name: format!("{} {}", guardian.given_name, guardian.family_name),
        email: guardian.email,
        phone: guardian.phone,
        resident: guardian.resident,
        pupils: pupils
            .into_iter()
            .map(|p| FamilyPupil {
                name: format!("{} {}", p.given_name, p.family_name),
                school: p.school,
                class: p.class,
                diet: p.diet,
                services: p.services,
            })
            .collect(),
        accounts,
        fees,
        payments: payments
            .into_iter()
            .map(|p| FamilyPayment {
                id: p.id,
                state: family::payment_state(p.status),
                paid_at: p.paid_at.map(|t| at(t, "%d/%m/%Y alle %H:%M")),
                description: p.description,
                amount: p.amount,
                notice: p.notice.grouped(),
                due_date: format_date_it(p.due_date),
            })
            .collect(),
        messages: messages
            .into_iter()
            .map(|m| FamilyMessage {
                date: at(m.created_at, "%d/%m/%Y"),
                title: m.title,
                read: m.read,
            })
            .collect(),
    })
}
