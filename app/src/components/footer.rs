use crate::components::SiteResource;
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = expect_context::<SiteResource>();
    view! {
        <footer class="it-footer site-footer">
            <div class="container py-4">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        site.await.ok().map(|info| view! {
                            <p class="site-footer-title">{info.name}</p>
                            <p>{info.address}<br />"Codice fiscale " {info.fiscal_code}</p>
                            <nav aria-label="Pagine dell'Ente">
                                <ul class="site-footer-links">
                                    {info.pages.into_iter().map(|p| view! { <li><a href=p.href>{p.title}</a></li> }).collect_view()}
                                </ul>
                            </nav>
                        })
                    })}
                </Suspense>
                <nav aria-label="Collegamenti a piè di pagina">
                    <ul class="site-footer-links">
                        <li><a href=routes::NEWS>"Notizie"</a></li>
                        <li><a href=routes::DOCUMENTS>"Documenti"</a></li>
                        <li><a href=routes::LOGIN>"Area personale"</a></li>
                    </ul>
                </nav>
                <p class="site-footer-note">"Realizzato con Sportello, software libero per i servizi scolastici dei Comuni."</p>
            </div>
        </footer>
    }
}
