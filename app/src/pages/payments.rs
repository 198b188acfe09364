use crate::api::payments::{load_payments, payment_status, PayFee};
use crate::components::{
    error_notice::ErrorNotice, recharge_dialog::RechargeDialog, statement::Statement,
};
use crate::domain::ids::PaymentId;
use crate::domain::paging::PageNumber;
use crate::error::AppError;
use crate::model::payments::{
    AccountCard, FeeCard, FeeState, PaymentState, PaymentsOverview, ReceiptRow, RechargeStarted,
};
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::time::Duration;

/// Calls `tick` every `every` while the page is open in a browser (never on the server).
fn every(every: Duration, tick: impl Fn() + Clone + 'static) {
    Effect::new(move |_| {
        let tick = tick.clone();
        let handle = set_interval_with_handle(tick, every).ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    });
}

/// The latest balances, refreshed in the background: only the amounts change on screen,
/// never the form a family is filling in.
#[derive(Clone, Copy)]
struct LiveBalances(RwSignal<Option<PaymentsOverview>>);

/// Pagamenti: one card per service (the canteen wallet with its balance, top-up and
/// statement; the fees of invoiced services), and the top-ups waiting to be paid.
#[component]
pub fn PaymentsPage() -> impl IntoView {
    let query = use_query_map();
    let overview = Resource::new(|| (), |_| load_payments());
    // The balance is live: a payment confirmed by pagoPA shows up without reloading.
    let live = LiveBalances(RwSignal::new(None));
    provide_context(live);
    every(Duration::from_secs(15), move || {
        leptos::task::spawn_local(async move {
            if let Ok(latest) = load_payments().await {
                live.0.set(Some(latest));
            }
        });
    });
    view! {
        <Title text="Pagamenti" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Pagamenti"</h1>
        <Transition fallback=|| view! { <p>"Caricamento dei pagamenti…"</p> }>
            {move || Suspend::new(async move {
                let (page, open_statement, open_recharge) = {
                    let q = query.read_untracked();
                    (
                        PageNumber::from_query(q.get("pagina").as_deref()).get(),
                        q.get("pagina").is_some(),
                        q.get("ricarica").is_some(),
                    )
                };
                match overview.await {
                    Ok(o) => view! { <Overview o page open_statement open_recharge /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(
    o: PaymentsOverview,
    page: u32,
    open_statement: bool,
    open_recharge: bool,
) -> impl IntoView {
    let PaymentsOverview {
        accounts,
        fees,
        open_payments,
        limits,
        meal_price,
        payments_enabled,
        recharge_key,
        receipts,
    } = o;
    let cards = accounts
        .into_iter()
        .map(|a| {
            if a.prepaid {
                view! {
                    <BalanceCard account=a page open_statement open_recharge
                        limits meal_price payments_enabled recharge_key=recharge_key.clone() />
                }
                .into_any()
            } else {
                let own: Vec<FeeCard> = fees
                    .iter()
                    .filter(|f| f.account_id == a.id)
                    .cloned()
                    .collect();
                view! { <FeesCard account=a fees=own /> }.into_any()
            }
        })
        .collect_view();
    let pending = (!open_payments.is_empty()).then(|| {
        view! {
            <h2 class="h4 mt-4">"Pagamenti in attesa"</h2>
            <ul class="pending-payments">
                {open_payments.into_iter().map(|p| view! {
                    <li>
                        <a href=routes::payment_outcome(&p.id)>
                            {format!("{} – {}", p.description, p.amount)}
                        </a>
                        <span class="text-secondary">{format!(" · avviso {} · scade il {}", p.notice, p.due_date)}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <div class="payment-cards">{cards}</div>
        {pending}
        <Receipts receipts />
    }
}

/// Ricevute: every confirmed payment with its receipt.
#[component]
fn Receipts(receipts: Vec<ReceiptRow>) -> impl IntoView {
    view! {
        <section id="ricevute" aria-labelledby="ricevute-titolo">
            <h2 id="ricevute-titolo" class="h4 mt-4">"Ricevute"</h2>
            {if receipts.is_empty() {
                view! { <p>"Nessun pagamento confermato."</p> }.into_any()
            } else {
                view! {
                    <ul class="line-list receipts">
                        {receipts.into_iter().map(|r| view! {
                            <li class="line">
                                <span class="line-title">{format!("{} · {}", r.description, r.amount)}</span>
                                <span class="small">{format!("Pagato il {} con {} · IUV {}", r.paid_at, r.method, r.iuv)}</span>
                                <a rel="external" download="" href=routes::payment_receipt_pdf(&r.payment_id)
                                    aria-label=format!("Scarica la ricevuta: {}, {}", r.description, r.paid_at)>
                                    "Scarica la ricevuta"
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn BalanceCard(
    account: AccountCard,
    page: u32,
    open_statement: bool,
    open_recharge: bool,
    limits: crate::domain::recharge::RechargeLimits,
    meal_price: Option<crate::domain::money::Money>,
    payments_enabled: bool,
    recharge_key: String,
) -> impl IntoView {
    let show_recharge = RwSignal::new(open_recharge);
    let service = account.service.clone();
    let heading = format!("card-{}", account.id);
    let labelled_by = heading.clone();
    let account_id = account.id.clone();
    let live = expect_context::<LiveBalances>().0;
    let id = account.id.clone();
    let first = account.clone();
    let current = move || {
        live.with(|o| {
            o.as_ref()
                .and_then(|o| o.accounts.iter().find(|a| a.id == id).cloned())
        })
        .unwrap_or_else(|| first.clone())
    };
    let current_balance = current.clone();
    let negative = move || current_balance().balance.cents() < 0;
    view! {
        <article class="balance-card" aria-labelledby=labelled_by>
            <h2 class="h4" id=heading>{account.service.clone()}</h2>
            <p class="balance-amount" class:text-danger=negative>
                <span class="visually-hidden">"Saldo: "</span>{
                    let current = current.clone();
                    move || current().balance.to_string()
                }
            </p>
            <p class="text-secondary">
                {
                    let current = current.clone();
                    move || match current().last_movement {
                        Some(at) => format!("Ultimo movimento il {at}."),
                        None => "Nessun movimento.".to_string(),
                    }
                }
                " Il saldo si aggiorna da solo quando pagoPA conferma un pagamento."
            </p>
            {if payments_enabled {
                view! {
                    <a class="btn btn-primary" href=routes::PAYMENTS_RECHARGE
                        aria-expanded=move || show_recharge.get().to_string()
                        on:click=move |ev| { ev.prevent_default(); show_recharge.update(|s| *s = !*s); }>
                        "Ricarica"
                    </a>
                }.into_any()
            } else {
                view! { <p class="alert alert-info">"Le ricariche online non sono ancora attive per questo Ente."</p> }.into_any()
            }}
            <Show when=move || show_recharge.get() && payments_enabled>
                <RechargeDialog service=service.clone() limits meal_price request_key=recharge_key.clone() />
            </Show>
            <details class="mt-3" open=open_statement>
                <summary>"Visualizza tutti i dettagli"</summary>
                <Statement account_id=account_id.clone() page />
            </details>
        </article>
    }
}

#[component]
fn FeesCard(account: AccountCard, fees: Vec<FeeCard>) -> impl IntoView {
    let pay = ServerAction::<PayFee>::new();
    // Off to pagoPA Checkout for the chosen fee.
    Effect::new(move |_| {
        if let Some(Ok(RechargeStarted {
            checkout_url: Some(url),
            ..
        })) = pay.value().get()
        {
            let _ = window().location().set_href(&url);
        }
    });
    let error = move || {
        pay.value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <ErrorNotice error=e /> })
    };
    let owed = account.balance.cents() < 0;
    let heading = format!("card-{}", account.id);
    let labelled_by = heading.clone();
    view! {
        <article class="balance-card" aria-labelledby=labelled_by>
            <h2 class="h4" id=heading>{account.service.clone()}</h2>
            <p>
                {if owed {
                    format!("Da pagare: {}", crate::domain::money::Money::from_cents(-account.balance.cents()))
                } else {
                    "Nessuna rata da pagare.".to_string()
                }}
            </p>
            {(!fees.is_empty()).then(|| view! {
                <div class="table-responsive">
                    <table class="table fees">
                        <caption>"Rate"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Rata"</th>
                                <th scope="col" class="text-end">"Importo"</th>
                                <th scope="col">"Scadenza"</th>
                                <th scope="col">"Stato"</th>
                                <th scope="col">"Azioni"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {fees.into_iter().map(|f| view! { <FeeRow fee=f pay /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <div aria-live="assertive">{error}</div>
        </article>
    }
}

#[component]
fn FeeRow(fee: FeeCard, pay: ServerAction<PayFee>) -> impl IntoView {
    let (state, class) = fee_state(fee.state);
    let label = fee.label.clone();
    let pay_label = format!("Paga: {label}");
    let fee_id = fee.id.to_string();
    let actions = match (fee.state, fee.payment_id.clone()) {
        (FeeState::Paid, Some(id)) => view! {
            <a rel="external" download="" href=routes::payment_receipt_pdf(&id)
                aria-label=format!("Scarica la ricevuta: {label}")>
                "Scarica ricevuta"
            </a>
        }.into_any(),
        (_, Some(id)) if fee.payable => view! {
            <ActionForm action=pay>
                <input type="hidden" name="fee_id" value=fee_id />
                <button type="submit" class="btn btn-primary btn-sm" aria-label=pay_label>"Paga"</button>
            </ActionForm>
            <a rel="external" download="" href=routes::payment_notice_pdf(&id)
                aria-label=format!("Scarica l'avviso: {label}")>
                "Avviso (PDF)"
            </a>
        }.into_any(),
        _ => view! { <span>"In preparazione"</span> }.into_any(),
    };
    view! {
        <tr>
            <td>{fee.label}</td>
            <td class="text-end">{fee.amount.to_string()}</td>
            <td>{fee.due_date}</td>
            <td><span class=class>{state}</span></td>
            <td class="fee-actions">{actions}</td>
        </tr>
    }
}

/// Back from pagoPA Checkout (or after creating a notice): the payment as pagoPA sees it,
/// checked again every few seconds until it is confirmed.
#[component]
pub fn PaymentOutcomePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // A malformed id names no payment.
    let status = Resource::new(id, |id| async move {
        match PaymentId::parse(&id) {
            Ok(id) => payment_status(id).await,
            Err(_) => Err(AppError::NotFound),
        }
    });
    let outcome = move || query.read().get("esito").unwrap_or_default();
    // Back from a payment, the page asks again every 2 s for up to 5 minutes; after that
    // (or for a notice paid later at a bank) the job confirms it and Pagamenti shows it.
    let polls = StoredValue::new(0u32);
    every(Duration::from_secs(2), move || {
        let waiting = matches!(
            status.get_untracked(),
            Some(Ok(ref v)) if v.state == PaymentState::Pending
        );
        if waiting && outcome() == "ok" && polls.get_value() < 150 {
            polls.update_value(|n| *n += 1);
            status.refetch();
        }
    });
    view! {
        <Title text="Esito del pagamento" />
        <nav aria-label="Percorso"><a href=routes::PAYMENTS>"Pagamenti"</a></nav>
        <Transition fallback=|| view! { <p>"Verifica del pagamento…"</p> }>
            {move || Suspend::new(async move {
                let outcome = outcome();
                match status.await {
                    Ok(v) => {
                        let (title, message) = match (v.state, outcome.as_str()) {
                            (PaymentState::Paid, _) if v.is_fee => (
                                "Pagamento confermato",
                                "pagoPA ha confermato il pagamento della rata.".to_string(),
                            ),
                            (PaymentState::Paid, _) => (
                                "Ricarica confermata",
                                "pagoPA ha confermato il pagamento: il credito è già disponibile.".to_string(),
                            ),
                            (PaymentState::Pending, "ok") => (
                                "Pagamento in corso di conferma",
                                "Stiamo aspettando la conferma di pagoPA. Questa pagina si aggiorna da sola.".to_string(),
                            ),
                            (PaymentState::Pending, "annullato") => (
                                "Pagamento annullato",
                                "pagoPA non ha registrato il pagamento: se lo hai annullato non ti è stato addebitato nulla. \
                                 Puoi riprovare online o pagare con l'avviso.".to_string(),
                            ),
                            (PaymentState::Pending, "errore") => (
                                "Pagamento non riuscito",
                                "pagoPA non ha registrato il pagamento: non risulta alcun addebito. Puoi riprovare.".to_string(),
                            ),
                            (PaymentState::Pending, _) => (
                                "Avviso di pagamento pronto",
                                format!("Paga entro il {} con il codice avviso qui sotto, online o presso banca, posta o tabaccheria.", v.due_date),
                            ),
                            (PaymentState::Expired, _) => (
                                "Avviso scaduto",
                                "Questo avviso non può più essere pagato. Crea una nuova ricarica.".to_string(),
                            ),
                            (PaymentState::Failed, _) => (
                                "Pagamento non creato",
                                "Il pagamento non è stato creato e non è stato addebitato nulla.".to_string(),
                            ),
                        };
                        let id = params.read_untracked().get("id").unwrap_or_default();
                        let documents = match v.state {
                            PaymentState::Pending => Some(view! {
                                <p><a class="btn btn-outline-primary" rel="external" download=""
                                    href=routes::payment_notice_pdf(&id)>
                                    "Scarica l'avviso di pagamento (PDF)"
                                </a></p>
                            }.into_any()),
                            PaymentState::Paid => Some(view! {
                                <p><a class="btn btn-outline-primary" rel="external" download=""
                                    href=routes::payment_receipt_pdf(&id)>
                                    "Scarica la ricevuta (PDF)"
                                </a></p>
                            }.into_any()),
                            _ => None,
                        };
                        let retry = (v.state == PaymentState::Pending && outcome != "ok")
                            .then_some(v.checkout_url.clone())
                            .flatten()
                            .map(|url| view! {
                                <p><a class="btn btn-primary" href=url rel="external">"Paga online con pagoPA"</a></p>
                            });
                        view! {
                            <h1>{title}</h1>
                            <div role="status" aria-live="polite">
                                <p class="lead">{message}</p>
                            </div>
                            <dl class="payment-facts">
                                <dt>"Causale"</dt><dd>{v.description}</dd>
                                <dt>"Importo"</dt><dd>{v.amount.to_string()}</dd>
                                <dt>"Codice avviso"</dt><dd class="notice-code">{v.notice}</dd>
                                {v.balance.map(|b| view! { <dt>"Saldo attuale"</dt><dd>{b.to_string()}</dd> })}
                            </dl>
                            {retry}
                            {documents}
                            <p><a href=routes::PAYMENTS>"Torna ai pagamenti"</a></p>
                        }.into_any()
                    }
                    Err(e) => view! { <h1>"Esito del pagamento"</h1><ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A fee's state as a badge: its words and its classes.
pub fn fee_state(state: FeeState) -> (&'static str, &'static str) {
    match state {
        FeeState::Unpaid => ("Da pagare", "badge bg-warning text-dark"),
        FeeState::Overdue => ("Scaduta", "badge bg-danger"),
        FeeState::Paid => ("Pagata", "badge bg-success"),
    }
}
