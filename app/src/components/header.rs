use crate::components::SiteResource;
use crate::model::site::SignedIn;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// The Designers Italia header: slim bar with the login button, the Ente's brand, the menu.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let site = expect_context::<SiteResource>();
    let brand = move || {
        Suspend::new(async move {
            match site.await {
                Ok(info) => {
                    let name = info.name.clone();
                    view! {
                        <Title formatter=move |page: String| format!("{page} – {name}") />
                        <a class="site-brand" href="/">
                            {info.has_logo.then(|| view! { <img class="site-logo" src="/ente/logo" alt="" width="48" height="57" /> })}
                            <span class="site-brand-text">
                                <span class="site-brand-title">{info.name}</span>
                                <span class="site-brand-tagline">"Servizi scolastici"</span>
                            </span>
                        </a>
                    }
                    .into_any()
                }
                Err(_) => view! { <a class="site-brand" href="/"><span class="site-brand-title">"Servizi scolastici"</span></a> }.into_any(),
            }
        })
    };
    view! {
        <header class="it-header-wrapper site-header">
            <div class="it-header-slim-wrapper">
                <div class="container">
                    <div class="site-slim">
                        <span class="site-slim-label">"Portale dei servizi scolastici"</span>
                        <Suspense fallback=|| view! { <LoginLink /> }>
                            {move || Suspend::new(async move {
                                match site.await.ok().and_then(|info| info.user) {
                                    Some(user) => view! { <UserMenu user /> }.into_any(),
                                    None => view! { <LoginLink /> }.into_any(),
                                }
                            })}
                        </Suspense>
                    </div>
                </div>
            </div>
            <div class="it-header-center-wrapper">
                <div class="container">
                    <Suspense fallback=|| view! { <span class="site-brand-title">"Servizi scolastici"</span> }>
                        {brand}
                    </Suspense>
                </div>
            </div>
            <nav class="site-nav" aria-label="Menu principale">
                <div class="container">
                    <ul>
                        <NavItem href=routes::NEWS label="Notizie" also_home=true />
                        <NavItem href=routes::DOCUMENTS label="Documenti" also_home=false />
                    </ul>
                </div>
            </nav>
        </header>
    }
}

#[component]
fn NavItem(href: &'static str, label: &'static str, also_home: bool) -> impl IntoView {
    let location = use_location();
    let current = move || {
        let path = location.pathname.get();
        (path.starts_with(href) || (also_home && path == "/")).then_some("page")
    };
    view! {
        <li>
            <a href=href aria-current=current>
                {label}
            </a>
        </li>
    }
}

#[component]
fn LoginLink() -> impl IntoView {
    view! {
        <a class="btn btn-primary btn-sm site-login" href=routes::LOGIN>
            "Accedi"
            <span class="d-none d-md-inline">" all'area personale"</span>
        </a>
    }
}

/// The signed-in person: their name to the personal area, and a logout that is a POST
/// (a link could be triggered by another site).
#[component]
fn UserMenu(user: SignedIn) -> impl IntoView {
    view! {
        <div class="site-user">
            <a class="btn btn-primary btn-sm" href=routes::PERSONAL>
                <span class="visually-hidden">"Area personale di "</span>
                {format!("{} {}", user.given_name, user.family_name)}
            </a>
            {(user.unread > 0).then(|| {
                let what = if user.unread == 1 { " comunicazione non letta" } else { " comunicazioni non lette" };
                view! {
                    <a class="btn btn-outline-light btn-sm site-unread" href=routes::MESSAGES>
                        <span aria-hidden="true">"✉ "</span>{user.unread}<span class="visually-hidden">{what}</span>
                    </a>
                }
            })}
            <form method="post" action="/auth/logout" class="site-logout">
                <button type="submit" class="btn btn-outline-light btn-sm">"Esci"</button>
            </form>
        </div>
    }
}
