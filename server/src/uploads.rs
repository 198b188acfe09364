//! Attaching a file to a form: a plain multipart POST (it works before the page is
//! interactive, and with it), checked for origin, size and content, then back to the form.

use crate::AppState;
use app::backend::auth::CurrentUser;
use app::backend::store::Tenant;
use app::error::AppError;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;

/// A file a little over the limit is still read whole, to say "too big" rather than fail.
pub const BODY_LIMIT: usize = 6 * 1024 * 1024;

pub async fn attach(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    Path(code): Path<String>,
    headers: http::HeaderMap,
    mut form: Multipart,
) -> Response {
    let back = |outcome: &str| {
        Redirect::to(&format!("/area-personale/moduli/{code}?allegato={outcome}")).into_response()
    };
    if crate::security::is_cross_site(&headers) {
        return (http::StatusCode::FORBIDDEN, "Richiesta non consentita.").into_response();
    }
    let Some(Extension(me)) = user else {
        return Redirect::to("/accedi").into_response();
    };
    let (mut field, mut file_name, mut bytes) = (String::new(), String::new(), Vec::new());
    loop {
        match form.next_field().await {
            Ok(Some(part)) => {
                let name = part.name().unwrap_or_default().to_string();
                if name == "file" {
                    file_name = part.file_name().unwrap_or_default().to_string();
                    match part.bytes().await {
                        Ok(b) => bytes = b.to_vec(),
                        Err(_) => return back("troppo-grande"),
                    }
                } else if name == "campo" {
                    field = part.text().await.unwrap_or_default();
                }
            }
            Ok(None) => break,
            Err(_) => return back("troppo-grande"),
        }
    }
    match app::backend::forms::attach(
        &state.ctx,
        &tenant,
        &me,
        &code,
        &field,
        &file_name,
        &bytes,
        chrono::Utc::now(),
    )
    .await
    {
        Ok(()) => back("ok"),
        Err(AppError::BadRequest(why)) if why.contains("5 MB") => back("troppo-grande"),
        Err(AppError::BadRequest(why)) if why.contains("Tipo di file") => back("tipo"),
        Err(AppError::BadRequest(_)) => back("vuoto"),
        Err(AppError::NotFound) => {
            (http::StatusCode::NOT_FOUND, "Modulo non trovato.").into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "attachment failed");
            crate::pages::unavailable_page()
        }
    }
}
