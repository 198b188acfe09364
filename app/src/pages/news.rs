use crate::api::news::{get_news, list_news};
use crate::components::{error_notice::ErrorNotice, news_list::NewsList, pager::Pager};
use crate::domain::ids::NewsId;
use crate::domain::{date::format_date_long_it, paging::PageNumber};
use crate::error::AppError;
use crate::pages::not_found::NotFoundPage;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Home and `/notizie`: the Ente's news, newest first, paginated by `?pagina=N`.
#[component]
pub fn NewsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || PageNumber::from_query(query.read().get("pagina").as_deref()).get();
    let news = Resource::new(page, list_news);
    view! {
        <Title text="Notizie" />
        <h1>"Notizie"</h1>
        <Suspense fallback=|| view! { <p>"Caricamento delle notizie…"</p> }>
            {move || Suspend::new(async move {
                match news.await {
                    Ok(p) => view! {
                        <NewsList items=p.items />
                        <Pager page=p.page total_pages=p.total_pages base=routes::NEWS />
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn NewsDetailPage() -> impl IntoView {
    let params = use_params_map();
    // A malformed id names no news item: the same page as a missing one.
    let news = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        |id| async move {
            match NewsId::parse(&id) {
                Ok(id) => get_news(id).await,
                Err(_) => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Caricamento…"</p> }>
            {move || Suspend::new(async move {
                match news.await {
                    Ok(n) => view! {
                        <Title text=n.title.clone() />
                        {n.preview_of.map(|state| view! {
                            <div class="alert alert-warning" role="status">
                                {format!("Anteprima per l'ufficio: notizia {}, non visibile al pubblico.", state.label().to_lowercase())}
                            </div>
                        })}
                        <article class="news-detail">
                            <p class="news-date">
                                <time datetime=n.published_on.to_string()>{format_date_long_it(n.published_on)}</time>
                            </p>
                            <h1>{n.title}</h1>
                            <p class="lead">{n.summary}</p>
                            {n.image.map(|i| view! { <img class="news-image" src=i.url alt=i.alt /> })}
                            <div class="news-body" inner_html=n.body_html></div>
                            {(!n.attachments.is_empty()).then(|| view! {
                                <h2 class="h5">"Allegati"</h2>
                                <ul class="news-attachments">
                                    {n.attachments.into_iter().map(|a| view! { <li><a href=a.url>{a.title}</a></li> }).collect_view()}
                                </ul>
                            })}
                        </article>
                        <p><a href=routes::NEWS>"Torna alle notizie"</a></p>
                    }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(e) => view! { <Title text="Errore" /><h1>"Notizia non disponibile"</h1><ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
