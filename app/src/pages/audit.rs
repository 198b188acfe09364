use crate::api::audit::load_audit_log;
use crate::components::error_notice::ErrorNotice;
use crate::domain::date::Day;
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::wire::OrEmpty;
use crate::error::AppError;
use crate::model::audit::{AuditLog, AuditRow};
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Registro delle modifiche: every change made by the Ente's staff, newest first, filtered
/// by person and days (a plain GET form: it works before hydration).
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let field = move |name: &str| query.read().get(name).unwrap_or_default();
    let filter = move || (field("persona"), field("dal"), field("al"));
    let log = Resource::new(filter, |(person, from, to)| async move {
        let bad = |e: &str| AppError::BadRequest(e.to_string());
        let person = match person.trim() {
            "" => None,
            text => Some(FiscalCode::parse(text).map_err(|e| bad(&e.to_string()))?),
        };
        let day = |text: String| match text.trim() {
            "" => Ok(None),
            text => Day::parse(text).map(Some).map_err(bad),
        };
        load_audit_log(OrEmpty(person), OrEmpty(day(from)?), OrEmpty(day(to)?)).await
    });
    view! {
        <Title text="Registro delle modifiche" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Registro delle modifiche"</h1>
        <p>"Ogni modifica fatta dal personale dell'Ente: chi, quando, che cosa, il valore prima e dopo. Il registro non si può modificare."</p>
        <form method="get" class="range-fields">
            <div class="form-group">
                <label for="audit-person" class="active">"Codice fiscale di chi ha agito"</label>
                <input id="audit-person" name="persona" type="text" class="form-control" maxlength="16"
                    autocomplete="off" autocapitalize="characters" spellcheck="false" prop:value=move || field("persona") />
            </div>
            <div class="form-group">
                <label for="audit-from" class="active">"Dal"</label>
                <input id="audit-from" name="dal" type="date" class="form-control" prop:value=move || field("dal") />
            </div>
            <div class="form-group">
                <label for="audit-to" class="active">"Al"</label>
                <input id="audit-to" name="al" type="date" class="form-control" prop:value=move || field("al") />
            </div>
            <button type="submit" class="btn btn-outline-primary">"Mostra"</button>
        </form>
        <Transition fallback=|| view! { <p>"Caricamento del registro…"</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(log) => view! { <AuditList log /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AuditList(log: AuditLog) -> impl IntoView {
    if log.rows.is_empty() {
        return view! { <p>"Nessuna modifica per questa ricerca."</p> }.into_any();
    }
    view! {
        <ol class="audit-log list-unstyled">
            {log.rows.into_iter().map(|r| view! { <AuditItem row=r /> }).collect_view()}
        </ol>
        {log.more.then_some(view! { <p>"Sono mostrate le 200 modifiche più recenti: restringi le date per vedere le altre."</p> })}
    }
    .into_any()
}

#[component]
fn AuditItem(row: AuditRow) -> impl IntoView {
    let none = || "—".to_string();
    view! {
        <li class="audit-entry border-bottom py-2">
            <p class="mb-1"><strong>{row.action}</strong>" · "{row.subject}</p>
            <p class="mb-1 small">{format!("{} · da {}", row.at, row.actor)}</p>
            <p class="mb-0 small">{format!("Prima: {} · Dopo: {}", row.before.unwrap_or_else(none), row.after.unwrap_or_else(none))}</p>
        </li>
    }
}
