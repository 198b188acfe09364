//! Famiglie: the office finds a family (a plain GET form: it works before hydration) and
//! reads its page — tutore, pupils, accounts with their latest movements, fees, payments
//! and messages. Nothing here changes anything.

use crate::api::families::{load_family, search_families};
use crate::components::error_notice::ErrorNotice;
use crate::components::statement::StatementTable;
use crate::domain::fiscal_code::FiscalCode;
use crate::error::AppError;
use crate::model::families::{AccountStatement, FamilySearch, FamilyView};
use crate::model::payments::PaymentState;
use crate::pages::payments::fee_state;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn FamiliesPage() -> impl IntoView {
    let query = use_query_map();
    let text = move || query.read().get("q").unwrap_or_default();
    let found = Resource::new(text, |q| async move {
        if q.trim().is_empty() {
            Ok(FamilySearch::default())
        } else {
            search_families(q).await
        }
    });
    view! {
        <Title text="Famiglie" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Famiglie"</h1>
        <p>"Cerca una famiglia per leggerne conti, movimenti, rette, pagamenti e messaggi."</p>
        <form method="get" class="family-search" role="search">
            <div class="form-group">
                <label for="family-query" class="active">"Nome, codice fiscale o codice avviso"</label>
                <input id="family-query" name="q" type="search" class="form-control" maxlength="80"
                    autocomplete="off" spellcheck="false" prop:value=text />
            </div>
            <button type="submit" class="btn btn-primary">"Cerca"</button>
        </form>
        <Transition fallback=|| view! { <p>"Ricerca in corso…"</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(s) => view! { <Hits found=s searched=!text().trim().is_empty() /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Hits(found: FamilySearch, searched: bool) -> impl IntoView {
    if let Some(refusal) = found.refusal {
        return view! { <div class="alert alert-warning" role="alert">{refusal}</div> }.into_any();
    }
    if !searched {
        return ().into_any();
    }
    if found.hits.is_empty() {
        return view! { <p role="status">"Nessuna famiglia trovata."</p> }.into_any();
    }
    let count = match found.hits.len() {
        1 => "1 famiglia trovata.".to_string(),
        n => format!("{n} famiglie trovate."),
    };
    view! {
        <p role="status">{count}</p>
        <ul class="line-list family-hits">
            {found.hits.into_iter().map(|h| {
                let pupils = if h.pupils.is_empty() {
                    "Nessun alunno".to_string()
                } else {
                    h.pupils.join(", ")
                };
                view! {
                    <li class="line">
                        <a class="line-title" href=routes::family(&h.fiscal_code)>{h.name}</a>
                        <span class="small">{h.fiscal_code}</span>
                        <span class="small">{format!("Alunni: {pupils}")}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        {found.more.then_some(view! {
            <p>"Sono mostrate le prime 20 famiglie: scrivi un nome più preciso o un codice fiscale."</p>
        })}
    }
    .into_any()
}

#[component]
pub fn FamilyPage() -> impl IntoView {
    let params = use_params_map();
    let family = Resource::new(
        move || params.read().get("cf").unwrap_or_default(),
        |cf| async move {
            let cf = FiscalCode::parse(&cf).map_err(|_| AppError::NotFound)?;
            load_family(cf).await
        },
    );
    view! {
        <Title text="Famiglia" />
        <nav aria-label="Percorso">
            <a href=routes::PERSONAL>"Area personale"</a>" / "<a href=routes::FAMILIES>"Famiglie"</a>
        </nav>
        <Transition fallback=|| view! { <p>"Caricamento della famiglia…"</p> }>
            {move || Suspend::new(async move {
                match family.await {
                    Ok(f) => view! { <Family f /> }.into_any(),
                    Err(e) => view! { <h1>"Famiglia"</h1><ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Family(f: FamilyView) -> impl IntoView {
    let none = || "—".to_string();
    view! {
        <Title text=format!("Famiglia di {}", f.name) />
        <h1>{format!("Famiglia di {}", f.name)}</h1>
        <p class="text-secondary">"Sola lettura: i dati come li vede la famiglia."</p>
        <dl class="family-facts">
            <dt>"Codice fiscale"</dt><dd>{f.fiscal_code}</dd>
            <dt>"E-mail"</dt><dd>{f.email.unwrap_or_else(none)}</dd>
            <dt>"Telefono"</dt><dd>{f.phone.unwrap_or_else(none)}</dd>
            <dt>"Residente nel Comune"</dt><dd>{if f.resident { "Sì" } else { "No" }}</dd>
        </dl>

        <h2>"Alunni"</h2>
        {if f.pupils.is_empty() {
            view! { <p>"Nessun alunno."</p> }.into_any()
        } else {
            view! {
                <ul class="line-list">
                    {f.pupils.into_iter().map(|p| {
                        let services = if p.services.is_empty() { "nessuno".to_string() } else { p.services.join(", ") };
                        view! {
                            <li class="line">
                                <span class="line-title">{p.name}</span>
                                <span class="small">{format!("{} · {}", p.school, p.class)}</span>
                                <span class="small">{format!("Servizi: {services}")}</span>
                                {p.diet.map(|d| view! { <span class="small">{format!("Dieta: {d}")}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}

        <h2>"Conti e movimenti"</h2>
        {if f.accounts.is_empty() {
            view! { <p>"Nessun conto."</p> }.into_any()
        } else {
            f.accounts.into_iter().map(|a| view! { <Account a /> }).collect_view().into_any()
        }}

        <h2>"Rette"</h2>
        {if f.fees.is_empty() {
            view! { <p>"Nessuna retta."</p> }.into_any()
        } else {
            view! {
                <ul class="line-list">
                    {f.fees.into_iter().map(|fee| {
                        let (state, class) = fee_state(fee.state);
                        view! {
                            <li class="line">
                                <span class="line-title">{fee.label}</span>
                                <span>{format!("{} · scadenza {}", fee.amount, fee.due_date)}</span>
                                <span><span class=class>{state}</span></span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}

        <h2>"Pagamenti pagoPA"</h2>
        {if f.payments.is_empty() {
            view! { <p>"Nessun pagamento."</p> }.into_any()
        } else {
            view! {
                <ul class="line-list">
                    {f.payments.into_iter().map(|p| {
                        let state = match (p.state, p.paid_at) {
                            (PaymentState::Paid, Some(at)) => format!("Pagato il {at}"),
                            (PaymentState::Paid, None) => "Pagato".to_string(),
                            (PaymentState::Pending, _) => format!("Da pagare entro il {}", p.due_date),
                            (PaymentState::Expired, _) => format!("Scaduto il {}", p.due_date),
                            (PaymentState::Failed, _) => "Non riuscito".to_string(),
                        };
                        let document = match p.state {
                            PaymentState::Paid => Some((routes::payment_receipt_pdf(&p.id), "Ricevuta (PDF)")),
                            PaymentState::Pending => Some((routes::payment_notice_pdf(&p.id), "Avviso (PDF)")),
                            PaymentState::Expired | PaymentState::Failed => None,
                        };
                        let subject = p.description.clone();
                        view! {
                            <li class="line">
                                <span class="line-title">{format!("{} · {}", p.description, p.amount)}</span>
                                <span class="small">{format!("Codice avviso {}", p.notice)}</span>
                                <span class="small">{state}</span>
                                {document.map(|(href, label)| view! {
                                    <a rel="external" download="" href=href aria-label=format!("{label}: {subject}")>{label}</a>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}

        <h2>"Messaggi inviati"</h2>
        {if f.messages.is_empty() {
            view! { <p>"Nessun messaggio."</p> }.into_any()
        } else {
            view! {
                <ul class="line-list">
                    {f.messages.into_iter().map(|m| view! {
                        <li class="line">
                            <span class="line-title">{m.title}</span>
                            <span class="small">{format!("{} · {}", m.date, if m.read { "letto" } else { "non letto" })}</span>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn Account(a: AccountStatement) -> impl IntoView {
    let shown = a.rows.len();
    let kind = if a.account.prepaid {
        "borsellino"
    } else {
        "rette"
    };
    view! {
        <section class="family-account mb-4">
            <h3>{format!("{} ({kind})", a.account.service)}</h3>
            <p class="balance-line">"Saldo: "<strong>{a.account.balance.to_string()}</strong>
                {a.account.last_movement.map(|t| format!(" · ultimo movimento il {t}"))}
            </p>
            {if a.rows.is_empty() {
                view! { <p>"Nessun movimento."</p> }.into_any()
            } else {
                view! {
                    <StatementTable rows=a.rows />
                    {(a.total > shown as u64).then(|| view! {
                        <p class="small">{format!("Gli ultimi {shown} movimenti di {}.", a.total)}</p>
                    })}
                }.into_any()
            }}
        </section>
    }
}
