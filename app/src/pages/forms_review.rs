use crate::api::forms::{load_forms_home, load_queue, load_review, Decide};
use crate::components::error_notice::ErrorNotice;
use crate::domain::forms::SubmissionStatus;
use crate::domain::ids::SubmissionId;
use crate::domain::wire::OrEmpty;
use crate::error::AppError;
use crate::model::forms::Decision;
use crate::pages::forms::SubmissionTable;
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Pratiche: the forms families sent, by status, for the Ente's staff.
#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let query = use_query_map();
    let status = move || {
        query
            .read()
            .get("stato")
            .unwrap_or_else(|| SubmissionStatus::Sent.to_string())
    };
    let form = move || query.read().get("modulo").unwrap_or_default();
    let queue = Resource::new(
        move || (status(), form()),
        |(status, code)| async move {
            let status = match status.as_str() {
                "" => None,
                word => Some(
                    SubmissionStatus::parse(word).map_err(|e| AppError::BadRequest(e.into()))?,
                ),
            };
            load_queue(OrEmpty(status), code).await
        },
    );
    let forms = Resource::new(|| (), |_| load_forms_home());
    let options = [
        (SubmissionStatus::Sent.as_str(), "Da esaminare"),
        (SubmissionStatus::InProgress.as_str(), "In lavorazione"),
        (SubmissionStatus::Accepted.as_str(), "Accolti"),
        (SubmissionStatus::Refused.as_str(), "Respinti"),
        ("", "Tutti"),
    ];
    view! {
        <Title text="Pratiche" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Pratiche dei moduli online"</h1>
        <form method="get" class="range-fields">
            <div class="form-group">
                <label for="stato" class="active">"Stato"</label>
                <select id="stato" name="stato" class="form-select">
                    {options.into_iter().map(|(v, l)| view! { <option value=v selected=move || status() == v>{l}</option> }).collect_view()}
                </select>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    forms.await.ok().map(|h| view! {
                        <div class="form-group">
                            <label for="modulo" class="active">"Modulo"</label>
                            <select id="modulo" name="modulo" class="form-select">
                                <option value="">"Tutti i moduli"</option>
                                {h.forms.into_iter().map(|f| {
                                    let code = f.code.clone();
                                    view! { <option value=f.code selected=move || form() == code>{f.title}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    })
                })}
            </Suspense>
            <button type="submit" class="btn btn-outline-primary">"Mostra"</button>
        </form>
        <Transition fallback=|| view! { <p>"Caricamento…"</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(rows) => view! { <SubmissionTable rows link_copy=false link_review=true /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// One submission: answers, attachments, history, and the decision.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let decide = ServerAction::<Decide>::new();
    let detail = Resource::new(
        move || (id(), decide.version().get()),
        |(id, _)| async move {
            // A malformed id names no submission.
            let id = SubmissionId::parse(&id).map_err(|_| AppError::NotFound)?;
            load_review(id).await
        },
    );
    let outcome = move || {
        decide.value().get().map(|r| match r {
            Ok(msg) => {
                view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <Title text="Pratica" />
        <nav aria-label="Percorso"><a href=routes::REVIEW_QUEUE>"Pratiche"</a></nav>
        <Transition fallback=|| view! { <p>"Caricamento…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let lines = d.lines.into_iter().map(|l| view! {
                            <tr>
                                <td>{l.section}</td>
                                <th scope="row">{l.label}</th>
                                <td>{match l.file {
                                    Some(href) => view! { <a rel="external" href=href>{l.value}</a> }.into_any(),
                                    None => view! { <span class="answer">{l.value}</span> }.into_any(),
                                }}</td>
                            </tr>
                        }).collect_view();
                        let history = d.history.into_iter().map(|(at, who, what)| view! {
                            <li>{format!("{at} – {who}: {what}")}</li>
                        }).collect_view();
                        view! {
                            <h1>{format!("{} – protocollo {}", d.row.title, d.row.protocol)}</h1>
                            <p>{format!("Inviato il {} da {} ({}). Stato: {}.", d.row.date, d.row.owner_name, d.owner_fiscal_code, d.row.status.label())}</p>
                            <div class="table-responsive">
                                <table class="table">
                                    <caption>"Risposte del modulo"</caption>
                                    <thead><tr><th scope="col">"Sezione"</th><th scope="col">"Campo"</th><th scope="col">"Risposta"</th></tr></thead>
                                    <tbody>{lines}</tbody>
                                </table>
                            </div>
                            <h2 class="h5">"Storico"</h2>
                            <ul>{history}</ul>
                            {d.open.then(|| view! {
                                <h2 class="h5">"Decisione"</h2>
                                <ActionForm action=decide>
                                    <input type="hidden" name="id" value=d.row.id.as_ref().map(ToString::to_string) />
                                    <fieldset>
                                        <legend class="visually-hidden">"Decisione"</legend>
                                        <div class="form-check">
                                            <input class="form-check-input" type="radio" id="decisione-accogli" name="decision" value=Decision::Accept.as_str() checked=true />
                                            <label class="form-check-label" for="decisione-accogli">"Accogli (applica il modulo)"</label>
                                        </div>
                                        <div class="form-check">
                                            <input class="form-check-input" type="radio" id="decisione-respingi" name="decision" value=Decision::Refuse.as_str() />
                                            <label class="form-check-label" for="decisione-respingi">"Respingi"</label>
                                        </div>
                                        <div class="form-check">
                                            <input class="form-check-input" type="radio" id="decisione-lavorazione" name="decision" value=Decision::InProgress.as_str() />
                                            <label class="form-check-label" for="decisione-lavorazione">"Prendi in lavorazione"</label>
                                        </div>
                                    </fieldset>
                                    <div class="form-group mt-2">
                                        <label for="note" class="active">"Nota per la famiglia (obbligatoria se respingi)"</label>
                                        <textarea id="note" name="note" class="form-control" rows="3" maxlength="1000"></textarea>
                                    </div>
                                    <button type="submit" class="btn btn-primary">"Conferma la decisione"</button>
                                </ActionForm>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <h1>"Pratica"</h1><ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
        <div aria-live="polite">{outcome}</div>
    }
}
