//! Attaching a file to a form: a plain multipart POST (it works before the page is
//! interactive, and with it), checked for origin, size and content, then back to the form.

use crate::AppState;
use app::backend::auth::{Caller, CurrentUser};
use app::backend::store::Tenant;
use app::domain::identity::Role;
use app::domain::ids::SchoolId;
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
        Redirect::to(&app::routes::form_after_upload(&code, outcome)).into_response()
    };
    if crate::security::is_cross_site(&headers) {
        return (http::StatusCode::FORBIDDEN, "Richiesta non consentita.").into_response();
    }
    let Some(Extension(me)) = user else {
        return Redirect::to(app::routes::LOGIN).into_response();
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
    let caller = Caller {
        ctx: state.ctx.clone(),
        tenant,
        me,
    };
    match app::backend::forms::attach(
        &caller,
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

/// An operator attaches a file to the message being written: stored if it is a PDF, JPEG
/// or PNG within 5 MB, then back to the compose page, which sends it with the message.
pub async fn attach_to_message(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    headers: http::HeaderMap,
    mut form: Multipart,
) -> Response {
    const PAGE: &str = app::routes::MESSAGE_COMPOSE;
    if crate::security::is_cross_site(&headers) {
        return (http::StatusCode::FORBIDDEN, "Richiesta non consentita.").into_response();
    }
    let staff = user.filter(|Extension(me)| me.is_staff());
    let Some(Extension(me)) = staff else {
        return (http::StatusCode::NOT_FOUND, "Pagina non trovata.").into_response();
    };
    let (mut file_name, mut bytes) = (String::new(), Vec::new());
    loop {
        match form.next_field().await {
            Ok(Some(part)) if part.name() == Some("file") => {
                file_name = part.file_name().unwrap_or_default().to_string();
                match part.bytes().await {
                    Ok(b) => bytes = b.to_vec(),
                    Err(_) => {
                        return Redirect::to(&format!("{PAGE}?allegato-errore=troppo-grande"))
                            .into_response()
                    }
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                return Redirect::to(&format!("{PAGE}?allegato-errore=troppo-grande"))
                    .into_response()
            }
        }
    }
    let caller = Caller {
        ctx: state.ctx.clone(),
        tenant,
        me,
    };
    match app::backend::messages::attach(&caller, &file_name, &bytes, chrono::Utc::now()).await {
        Ok((id, name)) => {
            let name: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
            Redirect::to(&format!("{PAGE}?allegato={id}&nome={name}")).into_response()
        }
        Err(AppError::BadRequest(why)) => {
            let code = if why.contains("5 MB") {
                "troppo-grande"
            } else if why.contains("Tipo di file") {
                "tipo"
            } else {
                "vuoto"
            };
            Redirect::to(&format!("{PAGE}?allegato-errore={code}")).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "message attachment failed");
            crate::pages::unavailable_page()
        }
    }
}

/// The office imports a regional calendar (CSV or ICS) for a school or the whole Ente:
/// the backend keeps the import's report, and the calendar page shows it.
pub async fn import_calendar(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    headers: http::HeaderMap,
    mut form: Multipart,
) -> Response {
    if crate::security::is_cross_site(&headers) {
        return (http::StatusCode::FORBIDDEN, "Richiesta non consentita.").into_response();
    }
    let office = user.filter(|Extension(me)| me.has(Role::Operator) || me.has(Role::Admin));
    let Some(Extension(me)) = office else {
        return (http::StatusCode::NOT_FOUND, "Pagina non trovata.").into_response();
    };
    let (mut school, mut file_name, mut bytes) = (String::new(), String::new(), Vec::new());
    loop {
        match form.next_field().await {
            Ok(Some(part)) if part.name() == Some("file") => {
                file_name = part.file_name().unwrap_or_default().to_string();
                match part.bytes().await {
                    Ok(b) => bytes = b.to_vec(),
                    Err(_) => return too_large(),
                }
            }
            Ok(Some(part)) if part.name() == Some("scuola") => {
                school = part.text().await.unwrap_or_default();
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return too_large(),
        }
    }
    let school = match school.trim() {
        "" => None,
        text => match SchoolId::parse(text) {
            Ok(id) => Some(id),
            Err(e) => return (http::StatusCode::BAD_REQUEST, e.to_string()).into_response(),
        },
    };
    let caller = Caller {
        ctx: state.ctx.clone(),
        tenant,
        me,
    };
    match app::backend::calendar::import(&caller, school, &file_name, &bytes).await {
        Ok(report) => Redirect::to(&app::routes::calendar_after_import(report)).into_response(),
        Err(AppError::BadRequest(why)) => (http::StatusCode::BAD_REQUEST, why).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "calendar import failed");
            crate::pages::unavailable_page()
        }
    }
}

fn too_large() -> Response {
    (
        http::StatusCode::PAYLOAD_TOO_LARGE,
        "File troppo grande: al massimo 5 MB.",
    )
        .into_response()
}
