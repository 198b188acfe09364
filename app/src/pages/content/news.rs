use super::{field_error, invalid, other_error, ContentNav, FieldError, FormattingHelp};
use crate::api::news::{
    edit_news, list_office_news, AttachToNews, RemoveNewsImage, SaveNews, WithdrawNews,
};
use crate::components::error_notice::ErrorNotice;
use crate::domain::content::{ContentError, NewsState, PublishMode};
use crate::domain::ids::NewsId;
use crate::error::AppError;
use crate::model::news::{NewsEdit, NewsRow};
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// Contenuti: the office's news in every state, with the way to write a new one.
#[component]
pub fn ContentHomePage() -> impl IntoView {
    let news = Resource::new(|| (), |_| list_office_news());
    view! {
        <Title text="Contenuti del sito" />
        <ContentNav current=routes::CONTENT />
        <h1>"Notizie"</h1>
        <p><a class="btn btn-primary" href=routes::CONTENT_NEWS_NEW>"Nuova notizia"</a></p>
        <Suspense fallback=|| view! { <p>"Caricamento delle notizie…"</p> }>
            {move || Suspend::new(async move {
                match news.await {
                    Ok(list) if list.is_empty() => view! { <p>"Non ci sono notizie."</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="content-list">
                            {list.into_iter().map(|n| view! { <NewsLine n /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn state_badge(state: NewsState) -> impl IntoView {
    let class = match state {
        NewsState::Published => "badge bg-success",
        NewsState::Scheduled => "badge bg-primary",
        NewsState::Draft => "badge bg-secondary",
        NewsState::Withdrawn => "badge bg-dark",
    };
    view! { <span class=class>{state.label()}</span> }
}

#[component]
fn NewsLine(n: NewsRow) -> impl IntoView {
    let when = match n.state {
        NewsState::Scheduled => format!("Uscirà il {}", n.when),
        NewsState::Draft => "Non pubblicata".to_string(),
        _ => format!("Pubblicata il {}", n.when),
    };
    view! {
        <li class="content-item">
            <h2 class="h5"><a href=routes::content_news(&n.id)>{n.title}</a></h2>
            <p class="content-meta">
                {state_badge(n.state)} " " {when}
                {n.has_image.then_some(" · con immagine")}
            </p>
        </li>
    }
}

/// Nuova notizia: the form, empty; saving leads to the item's own editor.
#[component]
pub fn NewNewsPage() -> impl IntoView {
    view! {
        <Title text="Nuova notizia" />
        <ContentNav current=routes::CONTENT />
        <h1>"Nuova notizia"</h1>
        <p>"Dopo il primo salvataggio puoi aggiungere l'immagine e gli allegati e vedere l'anteprima."</p>
        <NewsForm item=None />
    }
}

/// A news item's editor: its text and publication, preview, image, attachments.
#[component]
pub fn EditNewsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let remove_image = ServerAction::<RemoveNewsImage>::new();
    let attach = ServerAction::<AttachToNews>::new();
    let withdraw = ServerAction::<WithdrawNews>::new();
    let item = Resource::new(
        move || {
            let versions = (
                remove_image.version().get(),
                attach.version().get(),
                withdraw.version().get(),
            );
            (params.read().get("id").unwrap_or_default(), versions)
        },
        |(id, _)| async move {
            match NewsId::parse(&id) {
                Ok(id) => edit_news(id).await,
                Err(_) => Err(AppError::NotFound),
            }
        },
    );
    let saved = move || {
        let q = query.read();
        let said = match q.get("salvata").as_deref().map(PublishMode::parse) {
            Some(Ok(PublishMode::Draft)) => "Bozza salvata: non è visibile sul sito.",
            Some(Ok(PublishMode::Now)) => "Notizia pubblicata: è visibile sul sito.",
            Some(Ok(PublishMode::Schedule)) => {
                "Pubblicazione programmata: la notizia comparirà sul sito all'ora indicata."
            }
            _ if q.get("immagine").is_some() => "Immagine salvata.",
            _ => return None,
        };
        Some(view! { <div class="alert alert-success" role="status">{said}</div> })
    };
    let outcome = move || {
        [
            remove_image.value().get(),
            attach.value().get(),
            withdraw.value().get(),
        ]
        .into_iter()
        .flatten()
        .last()
        .map(|r| match r {
            Ok(msg) => {
                view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <Title text="Modifica notizia" />
        <ContentNav current=routes::CONTENT />
        <h1>"Modifica notizia"</h1>
        {saved}
        <div aria-live="polite">{outcome}</div>
        <Transition fallback=|| view! { <p>"Caricamento della notizia…"</p> }>
            {move || Suspend::new(async move {
                match item.await {
                    Ok(n) => view! {
                        <NewsForm item=Some(n.clone()) />
                        <NewsPreview n=n.clone() withdraw />
                        <NewsImageForm n=n.clone() remove_image />
                        <NewsAttachments n attach />
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Title, summary, body and publication; three buttons: draft, publish now, schedule.
#[component]
fn NewsForm(item: Option<NewsEdit>) -> impl IntoView {
    let save = ServerAction::<SaveNews>::new();
    let error = Signal::derive(move || field_error(save.value().get()));
    // Once hydrated, a save moves to the item's editor as a plain post would.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            navigate(
                &routes::content_news_saved(&saved.id, saved.mode),
                Default::default(),
            );
        }
    });
    let other = move || other_error(save.value().get()).map(|e| view! { <ErrorNotice error=e /> });
    // A new item: empty fields, no id (the save creates one).
    let id = item.as_ref().map(|n| n.id.to_string()).unwrap_or_default();
    let (title, summary, body, publish_at) = item
        .as_ref()
        .map(|n| {
            (
                n.title.clone(),
                n.summary.clone(),
                n.body.clone(),
                n.publish_at.clone(),
            )
        })
        .unwrap_or_default();
    let publish_label = match item.map(|n| n.state) {
        Some(NewsState::Published) => "Salva e mantieni pubblicata",
        _ => "Pubblica ora",
    };
    view! {
        <ActionForm action=save attr:class="content-form">
            <input type="hidden" name="id" value=id />
            <div class="form-group">
                <label for="news-title" class="active">"Titolo"</label>
                <input id="news-title" name="title" type="text" class="form-control" maxlength="150"
                    value=title aria-invalid=invalid(error, "title") aria-describedby="news-title-error" />
                <FieldError field="title" id="news-title-error" error />
            </div>
            <div class="form-group">
                <label for="news-summary" class="active">"Sommario (mostrato nell'elenco delle notizie)"</label>
                <textarea id="news-summary" name="summary" class="form-control" rows="3" maxlength="300"
                    aria-invalid=invalid(error, "summary") aria-describedby="news-summary-error">{summary}</textarea>
                <FieldError field="summary" id="news-summary-error" error />
            </div>
            <div class="form-group">
                <label for="news-body" class="active">"Testo"</label>
                <textarea id="news-body" name="body" class="form-control" rows="12"
                    aria-invalid=invalid(error, "body") aria-describedby="news-body-help news-body-error">{body}</textarea>
                <FormattingHelp id="news-body-help" />
                <FieldError field="body" id="news-body-error" error />
            </div>
            <div class="form-group">
                <label for="news-at" class="active">"Data e ora di pubblicazione (per «Programma»)"</label>
                <input id="news-at" name="publish_at" type="datetime-local" class="form-control" value=publish_at
                    aria-invalid=invalid(error, "publish_at") aria-describedby="news-at-error" />
                <FieldError field="publish_at" id="news-at-error" error />
            </div>
            <div class="content-actions">
                <button type="submit" name="mode" value=PublishMode::Draft.as_str() class="btn btn-outline-primary">"Salva bozza"</button>
                <button type="submit" name="mode" value=PublishMode::Now.as_str() class="btn btn-primary">{publish_label}</button>
                <button type="submit" name="mode" value=PublishMode::Schedule.as_str() class="btn btn-outline-primary">"Programma"</button>
            </div>
        </ActionForm>
        <div aria-live="polite">{other}</div>
    }
}

/// The body as the public will read it, and the way to withdraw the item.
#[component]
fn NewsPreview(n: NewsEdit, withdraw: ServerAction<WithdrawNews>) -> impl IntoView {
    let out = matches!(n.state, NewsState::Published | NewsState::Scheduled);
    view! {
        <section class="content-section" aria-labelledby="news-preview">
            <h2 id="news-preview" class="h4">"Anteprima"</h2>
            <p>"Stato: " {state_badge(n.state)} " "
                <a href=routes::news_item(&n.id)>"Apri la pagina della notizia"</a>
            </p>
            <div class="content-preview news-body" inner_html=n.preview_html></div>
            {out.then(|| view! {
                <ActionForm action=withdraw>
                    <input type="hidden" name="id" value=n.id.to_string() />
                    <button type="submit" class="btn btn-outline-danger">"Ritira la notizia"</button>
                </ActionForm>
            })}
        </section>
    }
}

/// The image with its alt text: a plain multipart form (works before hydration).
#[component]
fn NewsImageForm(n: NewsEdit, remove_image: ServerAction<RemoveNewsImage>) -> impl IntoView {
    let query = use_query_map();
    let error = Signal::derive(move || {
        query
            .read()
            .get("errore")
            .and_then(|c| ContentError::from_code(&c))
    });
    let alt = n.image.as_ref().map(|i| i.alt.clone()).unwrap_or_default();
    let alt = move || query.read().get("alt").unwrap_or_else(|| alt.clone());
    let (id, upload_to) = (n.id.to_string(), routes::content_news_image(&n.id));
    view! {
        <section class="content-section" aria-labelledby="news-image">
            <h2 id="news-image" class="h4">"Immagine"</h2>
            {n.image.clone().map(|i| view! {
                <img class="news-image" src=i.url alt=i.alt />
                <ActionForm action=remove_image>
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="btn btn-outline-danger btn-sm">"Togli l'immagine"</button>
                </ActionForm>
            })}
            <form method="post" enctype="multipart/form-data" action=upload_to>
                <div class="form-group">
                    <label for="news-image-file" class="active">
                        {if n.image.is_some() { "Nuova immagine (facoltativa): JPEG o PNG fino a 5 MB" } else { "Immagine: JPEG o PNG fino a 5 MB" }}
                    </label>
                    <input id="news-image-file" type="file" name="file" class="form-control" accept=".jpg,.jpeg,.png,image/jpeg,image/png"
                        aria-invalid=invalid(error, "file") aria-describedby="news-image-file-error" />
                    <FieldError field="file" id="news-image-file-error" error />
                </div>
                <div class="form-group">
                    <label for="news-image-alt" class="active">"Testo alternativo (obbligatorio): che cosa mostra l'immagine"</label>
                    <input id="news-image-alt" type="text" name="alt" class="form-control" maxlength="250" value=alt
                        aria-invalid=invalid(error, "alt") aria-describedby="news-image-alt-error" />
                    <FieldError field="alt" id="news-image-alt-error" error />
                </div>
                <button type="submit" class="btn btn-outline-primary">"Salva l'immagine"</button>
            </form>
        </section>
    }
}

/// Documents attached to the item: taken off one by one, added from the published ones.
#[component]
fn NewsAttachments(n: NewsEdit, attach: ServerAction<AttachToNews>) -> impl IntoView {
    let id = n.id.to_string();
    let attached = n.attachments.into_iter().map(|(doc, title)| {
        let id = id.clone();
        let label = format!("Togli l'allegato {title}");
        view! {
            <li class="content-item">
                {title}
                <ActionForm action=attach attr:class="d-inline ms-2">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="document_id" value=doc.to_string() />
                    <input type="hidden" name="attach" value="false" />
                    <button type="submit" class="btn btn-outline-danger btn-sm" aria-label=label>"Togli"</button>
                </ActionForm>
            </li>
        }
    }).collect_view();
    view! {
        <section class="content-section" aria-labelledby="news-attachments">
            <h2 id="news-attachments" class="h4">"Allegati"</h2>
            <ul class="content-list">{attached}</ul>
            {(!n.documents.is_empty()).then(|| view! {
                <ActionForm action=attach>
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="attach" value="true" />
                    <div class="form-group">
                        <label for="news-attach" class="active">"Documento da allegare (tra quelli pubblicati in Documenti)"</label>
                        <select id="news-attach" name="document_id" class="form-select">
                            {n.documents.into_iter().map(|(d, t)| view! { <option value=d.to_string()>{t}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="btn btn-outline-primary">"Allega"</button>
                </ActionForm>
            })}
        </section>
    }
}
