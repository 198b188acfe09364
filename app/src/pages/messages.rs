use crate::api::messages::{load_compose_choices, load_inbox, MarkRead, SendMessage};
use crate::components::error_notice::ErrorNotice;
use crate::components::SiteResource;
use crate::domain::messages::paragraphs;
use crate::model::messages::InboxMessage;
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Comunicazioni: the messages the Ente sent this person, newest first; unread ones are
/// marked and can be marked as read (one, or all).
#[component]
pub fn MessagesPage() -> impl IntoView {
    let read = ServerAction::<MarkRead>::new();
    let inbox = Resource::new(move || read.version().get(), |_| load_inbox());
    // The header's unread count follows.
    let site = expect_context::<SiteResource>();
    Effect::new(move |_| {
        if read.version().get() > 0 {
            site.refetch();
        }
    });
    view! {
        <Title text="Comunicazioni" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Comunicazioni"</h1>
        <Transition fallback=|| view! { <p>"Caricamento delle comunicazioni…"</p> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(inbox) => {
                        let unread = inbox.messages.iter().filter(|m| !m.read).count();
                        view! {
                            {inbox.may_compose.then(|| view! {
                                <p><a class="btn btn-primary" href=routes::MESSAGE_COMPOSE>"Scrivi una comunicazione alle famiglie"</a></p>
                            })}
                            {(unread > 1).then(|| view! {
                                <ActionForm action=read>
                                    <input type="hidden" name="id" value="" />
                                    <button type="submit" class="btn btn-outline-primary btn-sm">"Segna tutte come lette"</button>
                                </ActionForm>
                            })}
                            {if inbox.messages.is_empty() {
                                view! { <p>"Non ci sono comunicazioni."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="message-list">
                                        {inbox.messages.into_iter().map(|m| view! { <MessageItem m read /> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MessageItem(m: InboxMessage, read: ServerAction<MarkRead>) -> impl IntoView {
    let body = paragraphs(&m.body)
        .into_iter()
        .map(|lines| {
            let n = lines.len();
            view! {
                <p>{lines.into_iter().enumerate().map(|(i, l)| view! { {l}{(i + 1 < n).then(|| view! { <br /> })} }).collect_view()}</p>
            }
        })
        .collect_view();
    let title = m.title.clone();
    view! {
        <li class=if m.read { "message" } else { "message message-unread" }>
            <article>
                <h2 class="h5">
                    {(!m.read).then_some(view! { <span class="badge bg-primary me-2">"Nuova"</span> })}
                    {m.title}
                </h2>
                <p class="message-date">{m.date}</p>
                {body}
                {m.link.map(|(href, label)| view! {
                    <p><a rel="external" download="" href=href>{label}</a></p>
                })}
                {(!m.read).then(|| view! {
                    <ActionForm action=read>
                        <input type="hidden" name="id" value=m.id.to_string() />
                        <button type="submit" class="btn btn-outline-primary btn-sm" aria-label=format!("Segna come letta: {title}")>"Segna come letta"</button>
                    </ActionForm>
                })}
            </article>
        </li>
    }
}

/// Scrivi una comunicazione: operators write to one family, a school's or a service's
/// families, or everyone.
#[component]
pub fn ComposeMessagePage() -> impl IntoView {
    let send = ServerAction::<SendMessage>::new();
    let choices = Resource::new(|| (), |_| load_compose_choices());
    // A file uploaded first comes back in the address: its id and name.
    let query = use_query_map();
    let attachment = move || query.read().get("allegato").unwrap_or_default();
    let attached = move || {
        let q = query.read();
        match (q.get("nome"), q.get("allegato-errore")) {
            (Some(name), _) => Some(view! {
                <div class="alert alert-success" role="status">{format!("Allegato pronto: {name}. Sarà inviato con la comunicazione.")}</div>
            }.into_any()),
            (None, Some(code)) => Some(view! {
                <div class="alert alert-danger" role="status">{match code.as_str() {
                    "tipo" => "File non allegato: sono accettati solo PDF, JPEG e PNG.",
                    "troppo-grande" => "File non allegato: supera i 5 MB.",
                    _ => "File non allegato: scegli un file.",
                }}</div>
            }.into_any()),
            _ => None,
        }
    };
    let outcome = move || {
        send.value().get().map(|r| match r {
            Ok(msg) => {
                view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <Title text="Scrivi una comunicazione" />
        <nav aria-label="Percorso"><a href=routes::MESSAGES>"Comunicazioni"</a></nav>
        <h1>"Scrivi una comunicazione"</h1>
        {attached}
        <form method="post" enctype="multipart/form-data" action=routes::MESSAGE_ATTACHMENTS class="mb-4">
            <div class="form-group">
                <label for="allegato" class="active">"Allegato (facoltativo): PDF, JPEG o PNG fino a 5 MB"</label>
                <input id="allegato" type="file" name="file" class="form-control" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
            </div>
            <button type="submit" class="btn btn-outline-primary btn-sm">"Carica l'allegato"</button>
        </form>
        <Suspense fallback=|| view! { <p>"Caricamento…"</p> }>
            {move || Suspend::new(async move {
                match choices.await {
                    Ok(c) => view! {
                        <ActionForm action=send>
                            <input type="hidden" name="attachment" value=attachment />
                            <fieldset>
                                <legend>"Destinatari"</legend>
                                <div class="form-group">
                                    <label for="audience" class="active">"A chi"</label>
                                    <select id="audience" name="audience" class="form-select">
                                        <option value="tutti">"Tutte le famiglie"</option>
                                        <option value="scuola">"Le famiglie di una scuola"</option>
                                        <option value="servizio">"Le famiglie iscritte a un servizio"</option>
                                        <option value="famiglia">"Una famiglia (codice fiscale del tutore)"</option>
                                    </select>
                                </div>
                                <div class="form-group">
                                    <label for="school" class="active">"Scuola (per «Le famiglie di una scuola»)"</label>
                                    <select id="school" name="school" class="form-select">
                                        {c.schools.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="form-group">
                                    <label for="service" class="active">"Servizio (per «Le famiglie iscritte a un servizio»)"</label>
                                    <select id="service" name="service" class="form-select">
                                        {c.services.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="form-group">
                                    <label for="family" class="active">"Codice fiscale del tutore (per «Una famiglia»)"</label>
                                    <input id="family" name="family" class="form-control" autocomplete="off" maxlength="16" />
                                </div>
                            </fieldset>
                            <div class="form-group">
                                <label for="title" class="active">"Oggetto"</label>
                                <input id="title" name="title" class="form-control" required=true maxlength="150" />
                            </div>
                            <div class="form-group">
                                <label for="body" class="active">"Testo"</label>
                                <textarea id="body" name="body" class="form-control" rows="8" required=true maxlength="5000"></textarea>
                            </div>
                            <button type="submit" class="btn btn-primary">"Invia"</button>
                        </ActionForm>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
        <div aria-live="polite">{outcome}</div>
    }
}
