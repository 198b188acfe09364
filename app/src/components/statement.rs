use crate::api::payments::load_statement;
use crate::components::{error_notice::ErrorNotice, pager::Pager};
use crate::domain::ids::AccountId;
use crate::model::payments::StatementRow;
use crate::routes;
use leptos::prelude::*;

/// An account's movements with the running balance, a page at a time (`?pagina=N`).
#[component]
pub fn Statement(account_id: AccountId, page: u32) -> impl IntoView {
    let lines = Resource::new(
        move || (account_id.clone(), page),
        |(id, page)| load_statement(id, page),
    );
    view! {
        <Transition fallback=|| view! { <p>"Caricamento dei movimenti…"</p> }>
            {move || Suspend::new(async move {
                match lines.await {
                    Ok(p) if p.items.is_empty() => view! { <p>"Nessun movimento."</p> }.into_any(),
                    Ok(p) => view! {
                        <StatementTable rows=p.items />
                        <Pager page=p.page total_pages=p.total_pages base=routes::PAYMENTS />
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Movements with the running balance, newest first.
#[component]
pub fn StatementTable(rows: Vec<StatementRow>) -> impl IntoView {
    view! {
        // On a phone the table scrolls sideways inside its box: the keyboard must reach it.
        <div class="table-responsive" tabindex="0" role="region" aria-label="Movimenti">
            <table class="table statement">
                <caption>"Movimenti, dal più recente"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Data"</th>
                        <th scope="col">"Descrizione"</th>
                        <th scope="col">"Alunno"</th>
                        <th scope="col" class="text-end">"Importo"</th>
                        <th scope="col" class="text-end">"Saldo"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|l| view! {
                        <tr>
                            <td>{l.date}</td>
                            <td>{l.description}</td>
                            <td>{l.pupil.unwrap_or_else(|| "—".into())}</td>
                            <td class="text-end">{l.amount.to_string()}</td>
                            <td class="text-end">{l.balance_after.to_string()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
