//! The session cookie, and the middleware that turns it into the signed-in person of
//! the request (or sends an anonymous visitor of the personal area to the login page).

use crate::pages::unavailable_page;
use crate::tenancy::{is_local_host, request_host};
use crate::AppState;
use app::backend::auth::CurrentUser;
use app::backend::context::today;
use app::backend::store::{sessions, users, Tenant};
use app::error::AppError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{header, HeaderMap, HeaderValue, Method};

pub const COOKIE: &str = "sportello_sessione";

/// Pages that need a signed-in person.
pub const PERSONAL_AREA: &str = "/area-personale";

/// The session token from the `Cookie` header, if any.
pub fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty())
}

/// `HttpOnly` (no script reads it), `SameSite=Lax` (no cross-site POST carries it),
/// `Secure` outside development hosts; no expiry: the server decides when it ends.
pub fn set_cookie(token: &str, host: &str) -> HeaderValue {
    cookie_header(
        &format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"),
        host,
    )
}

pub fn clear_cookie(host: &str) -> HeaderValue {
    cookie_header(
        &format!("{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
        host,
    )
}

fn cookie_header(value: &str, host: &str) -> HeaderValue {
    let value = if is_local_host(host) {
        value.to_string()
    } else {
        format!("{value}; Secure")
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static(""))
}

/// Runs inside the tenant lookup: finds the session of the request in its Ente.
pub async fn attach(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(tenant) = req.extensions().get::<Tenant>().cloned() else {
        return next.run(req).await;
    };
    let host = request_host(&req);
    let is_api = req.uri().path().starts_with("/api/");
    let mut stale_cookie = false;
    if let Some(token) = token(req.headers()) {
        match current_user(&state, &tenant, &token).await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(user);
            }
            Ok(None) => stale_cookie = true,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return if is_api {
                    AppError::Internal.into_response()
                } else {
                    unavailable_page()
                };
            }
        }
    }
    let signed_in = req.extensions().get::<CurrentUser>().is_some();
    let path = req.uri().path();
    if !signed_in
        && req.method() == Method::GET
        && (path == PERSONAL_AREA || path.starts_with(&format!("{PERSONAL_AREA}/")))
    {
        let back = req
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str().to_string())
            .unwrap_or_else(|| PERSONAL_AREA.into());
        let target = format!(
            "/accedi?ritorno={}",
            url::form_urlencoded::byte_serialize(back.as_bytes()).collect::<String>()
        );
        let mut res = Redirect::to(&target).into_response();
        if stale_cookie {
            res.headers_mut()
                .append(header::SET_COOKIE, clear_cookie(&host));
        }
        return res;
    }
    let mut res = next.run(req).await;
    if stale_cookie {
        res.headers_mut()
            .append(header::SET_COOKIE, clear_cookie(&host));
    }
    if signed_in {
        // A page with personal data stays out of every cache (phones are shared).
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    res
}

async fn current_user(
    state: &AppState,
    tenant: &Tenant,
    token: &str,
) -> Result<Option<CurrentUser>, app::backend::store::StoreError> {
    let db = &state.ctx.db;
    let now = chrono::Utc::now();
    let Some(session) =
        sessions::resolve(db, &tenant.id, token, now, state.ctx.session_policy).await?
    else {
        return Ok(None);
    };
    let roles = users::roles_of(db, &tenant.id, &session.user.fiscal_code, today(tenant)).await?;
    Ok(Some(CurrentUser {
        user: session.user,
        roles,
        provider: session.provider,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; sportello_sessione=tok; b=2"),
        );
        assert_eq!(token(&h).as_deref(), Some("tok"));
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("xsportello_sessione=tok"),
        );
        assert_eq!(token(&h), None);
    }

    #[test]
    fn cookie_flags() {
        let local = set_cookie("t", "127.0.0.1:3000");
        assert_eq!(
            local,
            "sportello_sessione=t; Path=/; HttpOnly; SameSite=Lax"
        );
        let public = set_cookie("t", "servizi.comune.it");
        assert!(public.to_str().expect("ascii").ends_with("; Secure"));
        assert!(clear_cookie("x.it")
            .to_str()
            .expect("ascii")
            .contains("Max-Age=0"));
    }
}
