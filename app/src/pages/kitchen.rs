use crate::api::kitchen::load_kitchen_report;
use crate::components::error_notice::ErrorNotice;
use crate::domain::date::Day;
use crate::error::AppError;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The kitchen report of a day, for the Ente's staff, with its CSV.
#[component]
pub fn KitchenPage() -> impl IntoView {
    let query = use_query_map();
    let day = move || query.read().get("giorno").unwrap_or_default();
    let report = Resource::new(day, |day| async move {
        if day.trim().is_empty() {
            return load_kitchen_report(None).await;
        }
        match Day::parse(&day) {
            Ok(day) => load_kitchen_report(Some(day)).await,
            Err(refusal) => Err(AppError::BadRequest(refusal.into())),
        }
    });
    view! {
        <Title text="Cucina" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Pasti del giorno per la cucina"</h1>
        <form method="get" class="range-fields">
            <div class="form-group">
                <label for="kitchen-day" class="active">"Giorno"</label>
                <input id="kitchen-day" name="giorno" type="date" class="form-control" prop:value=day />
            </div>
            <button type="submit" class="btn btn-outline-primary">"Mostra"</button>
        </form>
        <Transition fallback=|| view! { <p>"Caricamento…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(r) => view! {
                        <h2 class="h4">{format!("{} – {} pasti", r.day_label, r.total)}</h2>
                        <p>{if r.closed { "Giornata chiusa: i numeri sono definitivi e i pasti addebitati." } else { "Giornata aperta: i numeri cambiano fino all'orario limite." }}</p>
                        <table class="table">
                            <caption>"Pasti per scuola, classe e tipo"</caption>
                            <thead><tr><th scope="col">"Scuola"</th><th scope="col">"Classe"</th><th scope="col">"Pasto"</th><th scope="col" class="text-end">"Numero"</th></tr></thead>
                            <tbody>
                                {r.rows.into_iter().map(|row| view! {
                                    <tr><td>{row.school}</td><td>{row.class}</td><td>{row.meal}</td><td class="text-end">{row.count}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <p><a rel="external" download="" href=routes::kitchen_csv(&r.day)>"Scarica in formato CSV"</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
