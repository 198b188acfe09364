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

/// The session cookie, and the cookie that ties a login in progress to its browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cookie {
    Session,
    Login,
}

/// Pages that need a signed-in person.
pub const PERSONAL_AREA: &str = app::routes::PERSONAL;

impl Cookie {
    /// Over https the name carries the `__Host-` prefix: the browser then accepts the cookie
    /// only from this very host, `Secure`, for `Path=/` (a sibling subdomain cannot plant one).
    pub fn name(self, host: &str) -> String {
        let base = match self {
            Cookie::Session => "sportello_sessione",
            Cookie::Login => "sportello_accesso",
        };
        if is_local_host(host) {
            base.to_string()
        } else {
            format!("__Host-{base}")
        }
    }

    /// Its value in the request, if any.
    pub fn read(self, headers: &HeaderMap, host: &str) -> Option<String> {
        let name = self.name(host);
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, value)| value.to_string())
            .filter(|v| !v.is_empty())
    }

    /// `HttpOnly` (no script reads it), `SameSite=Lax` (no cross-site POST carries it),
    /// `Secure` outside development hosts. The session has no expiry (the server decides
    /// when it ends); a login must come back within its window.
    pub fn set(self, value: &str, host: &str) -> HeaderValue {
        let max_age = match self {
            Cookie::Session => String::new(),
            Cookie::Login => format!(
                "; Max-Age={}",
                60 * app::backend::store::logins::LOGIN_WINDOW_MINUTES
            ),
        };
        header_value(
            &format!(
                "{}={value}; Path=/; HttpOnly; SameSite=Lax{max_age}",
                self.name(host)
            ),
            host,
        )
    }

    pub fn clear(self, host: &str) -> HeaderValue {
        header_value(
            &format!(
                "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
                self.name(host)
            ),
            host,
        )
    }
}

fn header_value(value: &str, host: &str) -> HeaderValue {
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
    if let Some(token) = Cookie::Session.read(req.headers(), &host) {
        match current_user(&state, &tenant, &token).await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(user);
            }
            Ok(None) => stale_cookie = true,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return if is_api {
                    AppError::Internal(app::error::request_code()).into_response()
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
        let target = app::routes::login_then(&back);
        let mut res = Redirect::to(&target).into_response();
        if stale_cookie {
            res.headers_mut()
                .append(header::SET_COOKIE, Cookie::Session.clear(&host));
        }
        return res;
    }
    let mut res = next.run(req).await;
    if stale_cookie {
        res.headers_mut()
            .append(header::SET_COOKIE, Cookie::Session.clear(&host));
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
        assert_eq!(
            Cookie::Session.read(&h, "127.0.0.1:3000").as_deref(),
            Some("tok")
        );
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("xsportello_sessione=tok"),
        );
        assert_eq!(Cookie::Session.read(&h, "127.0.0.1:3000"), None);
        // Over https only the __Host- cookie counts.
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("sportello_sessione=planted"),
        );
        assert_eq!(Cookie::Session.read(&h, "servizi.comune.it"), None);
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("__Host-sportello_sessione=real"),
        );
        assert_eq!(
            Cookie::Session.read(&h, "servizi.comune.it").as_deref(),
            Some("real")
        );
    }

    #[test]
    fn cookie_flags() {
        let local = Cookie::Session.set("t", "127.0.0.1:3000");
        assert_eq!(
            local,
            "sportello_sessione=t; Path=/; HttpOnly; SameSite=Lax"
        );
        let public = Cookie::Session.set("t", "servizi.comune.it");
        let public = public.to_str().expect("ascii");
        assert!(public.starts_with("__Host-sportello_sessione=t; Path=/;"));
        assert!(public.ends_with("; Secure"));
        assert!(Cookie::Login
            .set("x", "servizi.comune.it")
            .to_str()
            .expect("ascii")
            .contains("Max-Age=600"));
        assert!(Cookie::Session
            .clear("x.it")
            .to_str()
            .expect("ascii")
            .contains("Max-Age=0"));
    }
}
