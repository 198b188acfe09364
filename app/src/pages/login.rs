use crate::api::login::login_options;
use crate::components::error_notice::ErrorNotice;
use crate::domain::identity::ProviderKind;
use crate::model::login::LoginOption;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// "Entra con SPID" (the list of providers) and "Entra con CIE", as the SPID and CIE
/// button guidelines ask; the person comes back to the page they were going to.
#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let options = Resource::new(|| (), |_| login_options());
    view! {
        <Title text="Accedi all'area personale" />
        <h1>"Accedi all'area personale"</h1>
        <p class="lead">
            "Nell'area personale paghi la mensa e il trasporto con pagoPA, disdici i pasti, "
            "compili i moduli online e leggi le comunicazioni dell'Ente."
        </p>
        <Suspense fallback=|| view! { <p>"Caricamento dei metodi di accesso…"</p> }>
            {move || Suspend::new(async move {
                let back = query.read_untracked().get("ritorno");
                match options.await {
                    Ok(list) => view! { <LoginButtons options=list back=back /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
        <h2 class="h4 mt-5">"Come si accede"</h2>
        <ul>
            <li><strong>"SPID"</strong>" – il Sistema Pubblico di Identità Digitale, con le credenziali del tuo gestore, di livello 2 (password e codice temporaneo o app)."</li>
            <li><strong>"CIE"</strong>" – la Carta d'Identità Elettronica, con l'app CieID o un lettore."</li>
        </ul>
        <p>"Il portale ti riconosce dal codice fiscale: vedi i figli per cui il Comune ti ha registrato come genitore o tutore."</p>
    }
}

fn login_href(option: &LoginOption, back: &Option<String>) -> String {
    match back {
        Some(b) => format!(
            "/auth/login/{}?ritorno={}",
            option.id,
            encode_query_value(b)
        ),
        None => format!("/auth/login/{}", option.id),
    }
}

/// Percent-encodes a query value (the same on the server and in the browser).
fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
fn LoginButtons(options: Vec<LoginOption>, back: Option<String>) -> impl IntoView {
    if options.is_empty() {
        return view! {
            <div class="alert alert-warning" role="status">
                "L'accesso all'area personale non è ancora attivo per questo Ente. Rivolgiti al tuo Comune."
            </div>
        }
        .into_any();
    }
    let of_kind = |kind: ProviderKind| -> Vec<(String, String)> {
        options
            .iter()
            .filter(|o| o.kind == kind)
            .map(|o| (o.name.clone(), login_href(o, &back)))
            .collect()
    };
    let spid = of_kind(ProviderKind::Spid);
    let cie = of_kind(ProviderKind::Cie);
    let other = of_kind(ProviderKind::Other);
    view! {
        <div class="login-options">
            {(!spid.is_empty()).then(|| view! {
                <details class="login-spid">
                    <summary class="btn btn-primary btn-lg login-button">"Entra con SPID"</summary>
                    <ul class="login-spid-list" aria-label="Scegli il tuo gestore SPID">
                        {spid.into_iter().map(|(name, href)| view! {
                            <li><a href=href rel="external">{name}</a></li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
            {cie.into_iter().map(|(name, href)| view! {
                <a class="btn btn-primary btn-lg login-button" href=href rel="external" title=name>
                    "Entra con CIE"
                </a>
            }).collect_view()}
            {other.into_iter().map(|(name, href)| view! {
                <a class="btn btn-outline-primary btn-lg login-button" href=href rel="external">
                    {format!("Entra con {name}")}
                </a>
            }).collect_view()}
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_are_encoded() {
        assert_eq!(
            encode_query_value("/area-personale?x=1&y=è"),
            "/area-personale%3Fx%3D1%26y%3D%C3%A8"
        );
    }
}
