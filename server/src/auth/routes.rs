//! `/auth/login/{provider}`, `/auth/callback`, `/auth/logout`: plain axum routes, because
//! they answer with redirects and cookies rather than pages or data.

use super::oidc::{LoginError, RelyingParty};
use super::providers::ProviderSettings;
use super::session::Cookie;
use crate::pages::{plain_page, unavailable_page, PlainPage};
use crate::security::is_cross_site;
use crate::tenancy::{host_of, public_origin};
use crate::AppState;
use app::backend::store::{logins, sessions, users, Tenant};
use app::domain::identity::{safe_return_path, ClaimError};
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use http::{header, HeaderMap, StatusCode, Uri};
use std::borrow::Cow;
use std::collections::HashMap;

/// The identity providers of this installation and the relying party that talks to them.
pub struct Auth {
    pub providers: Vec<ProviderSettings>,
    pub rp: RelyingParty,
}

impl Auth {
    fn provider_for(&self, id: &str, tenant: &Tenant) -> Option<&ProviderSettings> {
        self.providers.iter().find(|p| {
            p.id == id
                && (p.tenants.is_empty()
                    || p.tenants.iter().any(|t| t == tenant.fiscal_code.as_str()))
        })
    }
}

const BACK_TO_LOGIN: Option<(Cow<'static, str>, &str)> = Some((
    Cow::Borrowed(app::routes::LOGIN),
    "Torna alla pagina di accesso",
));

fn auth_page(status: StatusCode, title: &'static str, message: &'static str) -> Response {
    plain_page(
        status,
        PlainPage {
            title,
            message,
            detail: None,
            link: BACK_TO_LOGIN,
        },
    )
}

fn query_map(raw: Option<String>) -> HashMap<String, String> {
    url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn callback_url(host: &str) -> String {
    format!("{}/auth/callback", public_origin(host))
}

/// Starts a login: remembers state, nonce and PKCE verifier, sends the browser on.
pub async fn login(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    Path(provider): Path<String>,
    RawQuery(query): RawQuery,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let Some(p) = state.auth.provider_for(&provider, &tenant) else {
        tracing::warn!(%provider, "login with an unknown provider");
        return auth_page(
            StatusCode::NOT_FOUND,
            "Metodo di accesso non disponibile",
            "Il metodo di accesso richiesto non è disponibile per questo Ente. \
             Scegli SPID o CIE dalla pagina di accesso.",
        );
    };
    let host = host_of(&headers, &uri);
    let return_to = safe_return_path(query_map(query).get("ritorno").map(String::as_str));
    let (url, mut pending) = match state
        .auth
        .rp
        .start(p, &callback_url(&host), return_to)
        .await
    {
        Ok(started) => started,
        Err(e) => return login_failed(&provider, &e),
    };
    // The login belongs to this browser: its callback must come back with this cookie.
    let browser = sessions::random_token();
    pending.browser_hash = sessions::token_hash(&browser);
    if let Err(e) = logins::begin(&state.ctx.db, &tenant.id, &pending, chrono::Utc::now()).await {
        tracing::error!(error = %e, "cannot record a pending login");
        return unavailable_page();
    }
    let mut res = Redirect::to(url.as_str()).into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, Cookie::Login.set(&browser, &host));
    res
}

/// The provider sends the person back here: check everything, then open a new session.
pub async fn callback(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    RawQuery(query): RawQuery,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let q = query_map(query);
    let db = &state.ctx.db;
    let now = chrono::Utc::now();
    let host = host_of(&headers, &uri);
    let browser_hash = Cookie::Login
        .read(&headers, &host)
        .map(|b| sessions::token_hash(&b))
        .unwrap_or_default();
    let pending = match q.get("state").filter(|_| !browser_hash.is_empty()) {
        Some(s) => match logins::take(db, &tenant.id, s, &browser_hash, now).await {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "cannot read a pending login");
                return unavailable_page();
            }
        },
        None => None,
    };
    let Some(pending) = pending else {
        tracing::warn!("login callback with a missing, unknown, used or expired state");
        return auth_page(
            StatusCode::BAD_REQUEST,
            "Accesso non riuscito",
            "La richiesta di accesso non è valida o è scaduta. Ricomincia l'accesso dalla pagina del portale.",
        );
    };
    if let Some(error) = q.get("error") {
        tracing::info!(%error, description = q.get("error_description").map(String::as_str).unwrap_or(""), "the provider returned an error");
        return if error == "access_denied" {
            auth_page(
                StatusCode::OK,
                "Accesso annullato",
                "L'accesso è stato annullato. Puoi riprovare quando vuoi.",
            )
        } else {
            auth_page(
                StatusCode::BAD_GATEWAY,
                "Accesso non riuscito",
                "Il servizio di identità non ha completato l'accesso. Riprova tra qualche minuto.",
            )
        };
    }
    let Some(code) = q.get("code").filter(|c| !c.is_empty()) else {
        tracing::warn!("login callback without a code");
        return auth_page(
            StatusCode::BAD_REQUEST,
            "Accesso non riuscito",
            "La risposta del servizio di identità è incompleta. Ricomincia l'accesso dalla pagina del portale.",
        );
    };
    let Some(p) = state.auth.provider_for(&pending.provider, &tenant) else {
        return auth_page(
            StatusCode::NOT_FOUND,
            "Metodo di accesso non disponibile",
            "Il metodo di accesso usato non è più disponibile per questo Ente.",
        );
    };
    let person = match state
        .auth
        .rp
        .finish(p, &pending, code, &callback_url(&host))
        .await
    {
        Ok(person) => person,
        Err(e) => return login_failed(&p.id, &e),
    };
    let identity = users::Identity {
        fiscal_code: &person.fiscal_code,
        given_name: &person.given_name,
        family_name: &person.family_name,
        email: person.email.as_deref(),
    };
    // A new session id at every login, and the previous session (if any) ends: a token
    // planted before login is worth nothing after it.
    let opened = async {
        if let Some(old) = Cookie::Session.read(&headers, &host) {
            sessions::destroy(db, &tenant.id, &old).await?;
        }
        let user_id = users::record_login(db, &tenant.id, &identity, now).await?;
        sessions::create(db, &tenant.id, &user_id, &p.id, &person.id_token, now).await
    }
    .await;
    match opened {
        Ok(token) => {
            tracing::info!(provider = %p.id, tenant = %tenant.fiscal_code, "login");
            let mut res = Redirect::to(&pending.return_to).into_response();
            res.headers_mut()
                .append(header::SET_COOKIE, Cookie::Session.set(&token, &host));
            res.headers_mut()
                .append(header::SET_COOKIE, Cookie::Login.clear(&host));
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot open a session");
            unavailable_page()
        }
    }
}

fn login_failed(provider: &str, e: &LoginError) -> Response {
    tracing::warn!(%provider, error = %e, "login refused");
    match e {
        e if e.is_provider_down() => auth_page(
            StatusCode::SERVICE_UNAVAILABLE,
            "Servizio di identità non raggiungibile",
            "Il servizio che verifica la tua identità non risponde. Riprova tra qualche minuto \
             o scegli un altro metodo di accesso.",
        ),
        LoginError::Level { .. } => auth_page(
            StatusCode::FORBIDDEN,
            "Livello di sicurezza insufficiente",
            "Per accedere ai servizi scolastici serve SPID di livello 2 (password e codice \
             temporaneo o app) oppure la CIE. Riprova scegliendo il livello 2.",
        ),
        LoginError::Claims(ClaimError::MissingFiscalCode) => auth_page(
            StatusCode::FORBIDDEN,
            "Codice fiscale non ricevuto",
            "Il servizio di identità non ha comunicato il tuo codice fiscale, che serve per \
             riconoscerti. Accedi con SPID o CIE; se il problema continua, rivolgiti al tuo Comune.",
        ),
        LoginError::Claims(ClaimError::InvalidFiscalCode(_)) => auth_page(
            StatusCode::FORBIDDEN,
            "Codice fiscale non valido",
            "Il codice fiscale comunicato dal servizio di identità non è valido. Rivolgiti al tuo Comune.",
        ),
        _ => auth_page(
            StatusCode::BAD_REQUEST,
            "Accesso non riuscito",
            "Non è stato possibile verificare la tua identità. Ricomincia l'accesso dalla pagina del portale.",
        ),
    }
}

/// Ends the session here and, when the provider offers it, at the provider too.
pub async fn logout(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if is_cross_site(&headers) {
        tracing::warn!("cross-site logout refused");
        return plain_page(
            StatusCode::FORBIDDEN,
            PlainPage {
                title: "Richiesta rifiutata",
                message: "La richiesta non proviene da una pagina di questo portale.",
                detail: None,
                link: Some((Cow::Borrowed("/"), "Vai alla pagina iniziale")),
            },
        );
    }
    let host = host_of(&headers, &uri);
    let ended = match Cookie::Session.read(&headers, &host) {
        Some(token) => match sessions::destroy(&state.ctx.db, &tenant.id, &token).await {
            Ok(ended) => ended,
            Err(e) => {
                tracing::error!(error = %e, "cannot end a session");
                return unavailable_page();
            }
        },
        None => None,
    };
    let home = format!("{}/", public_origin(&host));
    let mut target = "/".to_string();
    if let Some(ended) = ended {
        if let Some(p) = state.auth.providers.iter().find(|p| p.id == ended.provider) {
            if let Some(url) = state
                .auth
                .rp
                .end_session_url(p, &ended.id_token, &home)
                .await
            {
                target = url.to_string();
            }
        }
    }
    let mut res = Redirect::to(&target).into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, Cookie::Session.clear(&host));
    res
}
