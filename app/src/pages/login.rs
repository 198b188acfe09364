use leptos::prelude::*;
use leptos_meta::Title;

/// Until SPID/CIE login lands, this page explains how families will sign in.
#[component]
pub fn LoginInfoPage() -> impl IntoView {
    view! {
        <Title text="Accedi all'area personale" />
        <h1>"Accedi all'area personale"</h1>
        <p class="lead">
            "Nell'area personale puoi pagare la mensa e il trasporto con pagoPA, disdire i pasti, "
            "compilare i moduli online e leggere le comunicazioni dell'Ente."
        </p>
        <h2 class="h4">"Come si accede"</h2>
        <ul>
            <li><strong>"SPID"</strong>" – il Sistema Pubblico di Identità Digitale, con le credenziali del tuo gestore."</li>
            <li><strong>"CIE"</strong>" – la Carta d'Identità Elettronica, con l'app CieID o un lettore."</li>
        </ul>
        <div class="alert alert-info" role="status">
            "L'accesso con SPID e CIE sarà disponibile a breve. Nel frattempo puoi consultare liberamente "
            <a href="/notizie">"le notizie"</a>" e "<a href="/documenti">"i documenti"</a>"."
        </div>
    }
}
