use crate::api::site_pages::load_site_page;
use crate::components::error_notice::ErrorNotice;
use crate::error::AppError;
use crate::pages::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// One of the Ente's pages (privacy, accessibility, contacts…): what the office published,
/// rendered by the server from its formatted text.
#[component]
pub fn SitePage() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        load_site_page,
    );
    view! {
        <Suspense fallback=|| view! { <p>"Caricamento…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! {
                        <Title text=p.title.clone() />
                        <article class="site-page">
                            <h1>{p.title}</h1>
                            <div class="news-body" inner_html=p.body_html></div>
                        </article>
                    }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(e) => view! { <Title text="Errore" /><h1>"Pagina non disponibile"</h1><ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
