use crate::api::site::load_site_info;
use crate::components::{footer::SiteFooter, header::SiteHeader, SiteResource};
use crate::pages::{
    attendance::AttendancePage,
    audit::AuditPage,
    booking_settings::BookingSettingsPage,
    bookings::BookingsPage,
    calendar::CalendarPage,
    content::documents::ContentDocumentsPage,
    content::news::{ContentHomePage, EditNewsPage, NewNewsPage},
    content::site_pages::{ContentPagesPage, PageEditorPage},
    documents::DocumentsPage,
    families::{FamiliesPage, FamilyPage},
    forms::{FormPage, FormsPage},
    forms_review::{ReviewPage, ReviewQueuePage},
    kitchen::KitchenPage,
    login::LoginPage,
    menus::{MenuPrintPage, MenusPage},
    messages::{ComposeMessagePage, MessagesPage},
    news::{NewsDetailPage, NewsPage},
    not_found::NotFoundPage,
    payments::{PaymentOutcomePage, PaymentsPage},
    personal::PersonalHomePage,
    registry::{NewSchoolYearPage, RegistryPage},
    setup::SetupPage,
    site_pages::SitePage,
    staff::StaffPage,
    tariffs::TariffsPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    provide_request_nonce();
    view! {
        <!DOCTYPE html>
        <html lang="it">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href=crate::components::BOOTSTRAP_ITALIA_CSS />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <script src="/register-sw.js" defer></script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The CSP nonce was chosen by the security-headers middleware, which also wrote it in
/// the response's Content-Security-Policy; the hydration scripts must carry the same one.
#[cfg(feature = "ssr")]
#[allow(unused_qualifications)]
fn provide_request_nonce() {
    if let Some(nonce) = use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<crate::backend::context::CspNonce>()
            .cloned()
    }) {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let site: SiteResource = Resource::new(|| (), |_| load_site_info());
    provide_context(site);

    // Lets tests (and people with slow phones) know when the page has become interactive.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    // The client-side router handles "#contenuto" without moving focus: do it here.
    let main_ref = NodeRef::<leptos::html::Main>::new();
    let skip_to_content = move |ev: leptos::ev::MouseEvent| {
        if let Some(main) = main_ref.get() {
            ev.prevent_default();
            let _ = main.focus();
        }
    };

    view! {
        <Meta name="theme-color" content="#0066cc" />
        <Link rel="manifest" href="/manifest.webmanifest" />
        <Link rel="icon" href="/icons/icon-192.png" />
        <Link rel="apple-touch-icon" href="/icons/icon-192.png" />
        <Router>
            <a class="visually-hidden-focusable skip-link" href="#contenuto" on:click=skip_to_content>
                "Vai al contenuto"
            </a>
            <SiteHeader />
            <main id="contenuto" class="container my-4" tabindex="-1" node_ref=main_ref>
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=NewsPage ssr=SsrMode::Async />
                    <Route path=path!("/notizie") view=NewsPage ssr=SsrMode::Async />
                    <Route path=path!("/notizie/:id") view=NewsDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/documenti") view=DocumentsPage ssr=SsrMode::Async />
                    <Route path=path!("/accedi") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale") view=PersonalHomePage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/pagamenti") view=PaymentsPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/pagamenti/esito/:id") view=PaymentOutcomePage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/prenotazioni") view=BookingsPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/moduli") view=FormsPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/moduli/:code") view=FormPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/pratiche") view=ReviewQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/pratiche/:id") view=ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/comunicazioni") view=MessagesPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/comunicazioni/nuova") view=ComposeMessagePage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/personale") view=StaffPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/cucina") view=KitchenPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/presenze") view=AttendancePage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/registro") view=AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/famiglie") view=FamiliesPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/famiglie/:cf") view=FamilyPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/calendario") view=CalendarPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/anagrafe") view=RegistryPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/anagrafe/nuovo-anno") view=NewSchoolYearPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/impostazioni-prenotazioni") view=BookingSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/tariffe") view=TariffsPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/scuole-e-servizi") view=SetupPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/menu") view=MenusPage ssr=SsrMode::Async />
                    <Route path=path!("/menu/:school") view=MenuPrintPage ssr=SsrMode::Async />
                    <Route path=path!("/pagine/:slug") view=SitePage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/contenuti") view=ContentHomePage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/contenuti/notizie/nuova") view=NewNewsPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/contenuti/notizie/:id") view=EditNewsPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/contenuti/documenti") view=ContentDocumentsPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/contenuti/pagine") view=ContentPagesPage ssr=SsrMode::Async />
                    <Route path=path!("/area-personale/contenuti/pagine/:slug") view=PageEditorPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}
