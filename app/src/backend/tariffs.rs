//! Tariffs: the price lists of each service, a new list valid from a future day (checked,
//! previewed on the families subscribed, saved with the audit log), and the subscriptions
//! it moves to another band.

use crate::backend::auth::Caller;
use crate::backend::store::registry::{self, RegistryWriter};
use crate::backend::store::tariffs::{self as store, StoredBand, Subscriber};
use crate::backend::store::{audit, Conflict, StoreError};
use crate::domain::audit::AuditAction;
use crate::domain::date::{format_date_it, Day};
use crate::domain::money::Money;
use crate::domain::tariffs::draft::{self, Draft, PriceList};
use crate::domain::tariffs::{band_in_list, band_price, meal_price, sibling_ranks, TariffBand};
use crate::error::AppError;
use crate::model::tariffs::{
    BandView, ChildPreview, FamilyPreview, PriceListView, TariffPreview, TariffsView,
};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// A service of the caller's Ente (the first one when `service_id` is empty): (id, name).
async fn service(caller: &Caller, service_id: &str) -> Result<(String, String), AppError> {
    let services = registry::services(caller.db(), &caller.tenant.id).await?;
    services
        .into_iter()
        .find(|(id, _)| service_id.is_empty() || id == service_id)
        .ok_or_else(|| AppError::BadRequest("Il servizio indicato non esiste.".into()))
}

/// The price lists of a service, one per start day, oldest first.
fn lists(bands: Vec<StoredBand>) -> Vec<(NaiveDate, Vec<TariffBand>)> {
    let mut lists: BTreeMap<NaiveDate, Vec<TariffBand>> = BTreeMap::new();
    for b in bands {
        lists.entry(b.valid_from).or_default().push(b.band);
    }
    lists.into_iter().collect()
}

pub async fn page(caller: &Caller, service_id: &str) -> Result<TariffsView, AppError> {
    let services = registry::services(caller.db(), &caller.tenant.id).await?;
    let today = caller.today();
    if services.is_empty() && service_id.is_empty() {
        return Ok(TariffsView {
            services,
            service_id: String::new(),
            service_name: String::new(),
            today: today.into(),
            latest_start: None,
            lists: Vec::new(),
            copy: Draft::default(),
        });
    }
    let (service_id, service_name) = service(caller, service_id).await?;
    let all = lists(store::bands_of_service(caller.db(), &caller.tenant.id, &service_id).await?);
    let current = all.iter().rposition(|(from, _)| *from <= today);
    let copy = all
        .last()
        .map(|(_, bands)| Draft::copy_of(bands))
        .unwrap_or_default();
    Ok(TariffsView {
        services,
        service_id,
        service_name,
        today: today.into(),
        latest_start: all.last().map(|(from, _)| Day::from(*from)),
        lists: all
            .iter()
            .enumerate()
            .filter(|(i, (from, _))| Some(*i) == current || *from > today)
            .map(|(i, (from, bands))| PriceListView {
                valid_from: format_date_it(*from),
                current: Some(i) == current,
                bands: bands.iter().map(band_view).collect(),
            })
            .collect(),
        copy,
    })
}

fn band_view(b: &TariffBand) -> BandView {
    let isee = match (b.isee_min, b.isee_max) {
        (None, None) => "—".to_string(),
        (Some(lo), None) => format!("oltre {lo}"),
        (None, Some(hi)) => format!("fino a {hi}"),
        (Some(lo), Some(hi)) => format!("oltre {lo} fino a {hi}"),
    };
    BandView {
        code: b.code.clone(),
        label: b.label.clone(),
        kind: b.kind.label().into(),
        isee,
        price: match b.price_max {
            Some(top) => format!("{} – {top}", b.price),
            None => b.price.to_string(),
        },
        sibling_discount: match b.sibling_discount_percent {
            0 => "—".into(),
            d => format!("{d}%"),
        },
    }
}

/// A draft checked against the service's lists: the list, the latest one before it, and
/// the subscriptions it applies to.
struct Proposal {
    service_id: String,
    service_name: String,
    list: PriceList,
    latest: Vec<TariffBand>,
    subscribers: Vec<Subscriber>,
}

async fn proposal(caller: &Caller, service_id: &str, draft: &Draft) -> Result<Proposal, AppError> {
    let (service_id, service_name) = service(caller, service_id).await?;
    let tenant = &caller.tenant.id;
    let all = lists(store::bands_of_service(caller.db(), tenant, &service_id).await?);
    let latest_start = all.last().map(|(from, _)| *from);
    let list = draft::check(draft, caller.today(), latest_start).map_err(|errors| {
        let list: Vec<String> = errors.into_iter().map(|e| e.message).collect();
        AppError::BadRequest(format!(
            "Il listino non è stato salvato. {}",
            list.join(" ")
        ))
    })?;
    let subscribers = store::subscribers(caller.db(), tenant, &service_id, list.valid_from).await?;
    Ok(Proposal {
        service_id,
        service_name,
        list,
        latest: all
            .into_iter()
            .next_back()
            .map(|(_, b)| b)
            .unwrap_or_default(),
        subscribers,
    })
}

/// The band a subscription has under the latest list (by its code; its own row where
/// the list has dropped the code) and under the proposed one.
fn bands_of<'a>(p: &'a Proposal, s: &'a Subscriber) -> (&'a TariffBand, Option<&'a TariffBand>) {
    let before = p
        .latest
        .iter()
        .find(|b| b.code == s.band.code)
        .unwrap_or(&s.band);
    let after = band_in_list(&p.list.bands, &s.band.code, s.isee, s.resident);
    (before, after)
}

pub async fn preview(
    caller: &Caller,
    service_id: &str,
    draft: &Draft,
) -> Result<TariffPreview, AppError> {
    let p = proposal(caller, service_id, draft).await?;
    // One subscription per pupil: the one in force on the first day (the earliest).
    let mut seen = std::collections::HashSet::new();
    let subs: Vec<&Subscriber> = p
        .subscribers
        .iter()
        .filter(|s| seen.insert(s.span.pupil_id.as_str()))
        .collect();
    let mut families: Vec<(&str, Vec<&Subscriber>)> = Vec::new();
    for s in subs {
        match families.iter_mut().find(|(g, _)| *g == s.guardian_id) {
            Some((_, children)) => children.push(s),
            None => families.push((&s.guardian_id, vec![s])),
        }
    }
    let moved = p
        .subscribers
        .iter()
        .filter(|s| bands_of(&p, s).1.is_some_and(|b| b.code != s.band.code))
        .count();
    let families = families
        .into_iter()
        .filter_map(|(_, children)| family_preview(&p, &children))
        .collect();
    Ok(TariffPreview {
        valid_from: format_date_it(p.list.valid_from),
        families,
        moved,
    })
}

fn family_preview(p: &Proposal, children: &[&Subscriber]) -> Option<FamilyPreview> {
    let first = children.first()?;
    let mut births: Vec<(&str, NaiveDate)> = children
        .iter()
        .map(|s| (s.span.pupil_id.as_str(), s.birth))
        .collect();
    let ranks: HashMap<&str, usize> = sibling_ranks(&mut births).into_iter().collect();
    let mut rows: Vec<ChildPreview> = children
        .iter()
        .map(|s| {
            let rank = ranks.get(s.span.pupil_id.as_str()).copied().unwrap_or(0);
            let (before, after) = bands_of(p, s);
            let price = |b: &TariffBand| {
                meal_price(band_price(b, s.isee), b.sibling_discount_percent, rank)
            };
            ChildPreview {
                name: s.pupil_name.clone(),
                rank,
                before_band: before.label.clone(),
                before: price(before),
                after_band: after.map_or_else(|| "—".into(), |b| b.label.clone()),
                after: after.map_or(Money::ZERO, price),
            }
        })
        .collect();
    rows.sort_by_key(|c| c.rank);
    Some(FamilyPreview {
        guardian: first.guardian_name.clone(),
        isee: first
            .isee
            .map_or_else(|| "non presentato".into(), |m| m.to_string()),
        children: rows,
    })
}

/// Saves the proposed list: the previous one ends the day before it starts, the
/// subscriptions whose band changes move to it from that day, and the audit log records
/// the list before and after — all in one transaction.
pub async fn save(caller: &Caller, service_id: &str, draft: &Draft) -> Result<String, AppError> {
    let p = proposal(caller, service_id, draft).await?;
    let tenant = &caller.tenant.id;
    let now = chrono::Utc::now();
    let from = p.list.valid_from;
    let mut tx = caller.db().begin().await?;
    let ids = match store::add_list(&mut tx, tenant, &p.service_id, &p.list).await {
        Err(StoreError::Conflict(Conflict::PriceListExists)) => {
            tx.rollback().await?;
            return Err(AppError::BadRequest(format!(
                "Un listino che inizia il {} è stato appena salvato: ricarica la pagina.",
                format_date_it(from)
            )));
        }
        other => other?,
    };
    let mut moved = 0;
    for s in &p.subscribers {
        let Some(after) = bands_of(&p, s).1.filter(|b| b.code != s.band.code) else {
            continue;
        };
        let band_id = ids
            .get(&after.code)
            .ok_or_else(|| AppError::internal(format!("no id for band {}", after.code)))?;
        RegistryWriter::new(&mut tx, tenant)
            .rebase_subscription(&s.span, band_id, s.isee, from)
            .await?;
        moved += 1;
    }
    let subject = format!("{} dal {}", p.service_name, format_date_it(from));
    let before = draft::summary(&p.latest);
    let after = format!(
        "{}; iscrizioni che cambiano fascia: {moved}",
        draft::summary(&p.list.bands)
    );
    let change = audit::Change {
        actor: caller.fiscal_code(),
        action: AuditAction::TariffsChanged,
        subject: &subject,
        before: (!before.is_empty()).then_some(before.as_str()),
        after: Some(&after),
    };
    audit::append(&mut tx, tenant, &change, now).await?;
    tx.commit().await?;
    tracing::info!(by = %caller.fiscal_code(), service = %p.service_id, from = %from, moved, "price list saved");
    Ok(format!(
        "Nuovo listino di {} salvato: vale dal {}.",
        p.service_name,
        format_date_it(from)
    ))
}
