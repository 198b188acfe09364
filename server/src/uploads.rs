//! Attaching a file to a form: a plain multipart POST (it works before the page is
//! interactive, and with it), checked for origin, size and content, then back to the form.

use crate::AppState;
use app::backend::auth::{Caller, CurrentUser};
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
    let staff = user.filter(|Extension(me)| me.is_office());
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

/// A multipart form of the office: its text fields and its one file (`file`).
struct OfficeForm {
    fields: std::collections::HashMap<String, String>,
    file_name: String,
    bytes: Vec<u8>,
}

impl OfficeForm {
    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

/// Reads the whole form; none when the body is over the limit or malformed.
async fn read_office_form(mut form: Multipart) -> Option<OfficeForm> {
    let mut out = OfficeForm {
        fields: Default::default(),
        file_name: String::new(),
        bytes: Vec::new(),
    };
    while let Some(part) = form.next_field().await.ok()? {
        let name = part.name().unwrap_or_default().to_string();
        if name == "file" {
            out.file_name = part.file_name().unwrap_or_default().to_string();
            out.bytes = part.bytes().await.ok()?.to_vec();
        } else {
            let text = part.text().await.ok()?;
            out.fields.insert(name, text);
        }
    }
    Some(out)
}

/// The office (operators and administrators) of the request's Ente, or the answer for
/// anyone else: the login page without a session, 403 without the role.
fn office_caller(
    state: &AppState,
    tenant: Tenant,
    user: Option<Extension<CurrentUser>>,
    headers: &http::HeaderMap,
) -> Result<Caller, Box<Response>> {
    use app::domain::identity::Role;
    if crate::security::is_cross_site(headers) {
        return Err(Box::new(
            (http::StatusCode::FORBIDDEN, "Richiesta non consentita.").into_response(),
        ));
    }
    let Some(Extension(me)) = user else {
        return Err(Box::new(Redirect::to(app::routes::LOGIN).into_response()));
    };
    if !(me.has(Role::Operator) || me.has(Role::Admin)) {
        return Err(Box::new(
            (
                http::StatusCode::FORBIDDEN,
                "Non hai i permessi per questa sezione del portale.",
            )
                .into_response(),
        ));
    }
    Ok(Caller {
        ctx: state.ctx.clone(),
        tenant,
        me,
    })
}

/// Back to an office page with the outcome in the address (`?errore=tipo`…).
fn back_to(page: &str, query: &[(&str, &str)]) -> Response {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    Redirect::to(&format!("{page}?{query}")).into_response()
}

/// A refusal as its code for the page to explain next to its field, or the error page.
fn refusal_code(e: AppError, what: &str) -> Result<&'static str, Box<Response>> {
    use app::domain::content::ContentError;
    match e {
        AppError::BadRequest(why) => Ok(ContentError::from_message(&why)
            .unwrap_or(ContentError::FileMissing)
            .code()),
        AppError::NotFound => Err(Box::new(
            (http::StatusCode::NOT_FOUND, "Contenuto non trovato.").into_response(),
        )),
        e => {
            tracing::error!(error = %e, "{what} failed");
            Err(Box::new(crate::pages::unavailable_page()))
        }
    }
}

/// The office uploads a news item's image with its alt text (or changes only the alt text).
pub async fn news_image(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<String>,
    headers: http::HeaderMap,
    form: Multipart,
) -> Response {
    let caller = match office_caller(&state, tenant, user, &headers) {
        Ok(caller) => caller,
        Err(answer) => return *answer,
    };
    let Ok(id) = app::domain::ids::NewsId::parse(&id) else {
        return (http::StatusCode::NOT_FOUND, "Notizia non trovata.").into_response();
    };
    let page = app::routes::content_news(&id);
    let Some(form) = read_office_form(form).await else {
        return back_to(&page, &[("errore", "troppo-grande")]);
    };
    let alt = form.field("alt");
    match app::backend::news::set_image(&caller, &id, &form.bytes, alt, chrono::Utc::now()).await {
        Ok(()) => back_to(&page, &[("immagine", "ok")]),
        Err(e) => match refusal_code(e, "news image") {
            Ok(code) => back_to(&page, &[("errore", code), ("alt", alt)]),
            Err(answer) => *answer,
        },
    }
}

/// The office publishes a new document.
pub async fn document_upload(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    headers: http::HeaderMap,
    form: Multipart,
) -> Response {
    const PAGE: &str = app::routes::CONTENT_DOCUMENTS;
    let caller = match office_caller(&state, tenant, user, &headers) {
        Ok(caller) => caller,
        Err(answer) => return *answer,
    };
    let Some(form) = read_office_form(form).await else {
        return back_to(PAGE, &[("errore", "troppo-grande")]);
    };
    let upload = app::backend::documents::Upload {
        title: form.field("title"),
        category: form.field("category"),
        description: form.field("description"),
        file_name: &form.file_name,
        bytes: &form.bytes,
    };
    match app::backend::documents::upload(&caller, &upload, chrono::Utc::now()).await {
        Ok(id) => back_to(PAGE, &[("caricato", id.as_str())]),
        // The page fills the form in again with what was sent.
        Err(e) => match refusal_code(e, "document upload") {
            Ok(code) => back_to(
                PAGE,
                &[
                    ("errore", code),
                    ("titolo", upload.title),
                    ("categoria", upload.category),
                    ("descrizione", upload.description),
                ],
            ),
            Err(answer) => *answer,
        },
    }
}

/// The office replaces a document's file: same address, new bytes.
pub async fn document_replace(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<String>,
    headers: http::HeaderMap,
    form: Multipart,
) -> Response {
    const PAGE: &str = app::routes::CONTENT_DOCUMENTS;
    let caller = match office_caller(&state, tenant, user, &headers) {
        Ok(caller) => caller,
        Err(answer) => return *answer,
    };
    let Ok(id) = app::domain::ids::DocumentId::parse(&id) else {
        return (http::StatusCode::NOT_FOUND, "Documento non trovato.").into_response();
    };
    let Some(form) = read_office_form(form).await else {
        return back_to(
            PAGE,
            &[("errore", "troppo-grande"), ("documento", id.as_str())],
        );
    };
    let now = chrono::Utc::now();
    match app::backend::documents::replace(&caller, &id, &form.file_name, &form.bytes, now).await {
        Ok(_) => back_to(PAGE, &[("sostituito", id.as_str())]),
        Err(e) => match refusal_code(e, "document replacement") {
            Ok(code) => back_to(PAGE, &[("errore", code), ("documento", id.as_str())]),
            Err(answer) => *answer,
        },
    }
}

/// The office imports a regional calendar (CSV or ICS) for a school or the whole Ente:
/// the backend keeps the import's report, and the calendar page shows it.
pub async fn import_calendar(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    headers: http::HeaderMap,
    form: Multipart,
) -> Response {
    let caller = match office_caller(&state, tenant, user, &headers) {
        Ok(caller) => caller,
        Err(answer) => return *answer,
    };
    let Some(form) = read_office_form(form).await else {
        return (
            http::StatusCode::PAYLOAD_TOO_LARGE,
            "File troppo grande: al massimo 5 MB.",
        )
            .into_response();
    };
    let school = match form.field("scuola").trim() {
        "" => None,
        text => match app::domain::ids::SchoolId::parse(text) {
            Ok(id) => Some(id),
            Err(e) => return (http::StatusCode::BAD_REQUEST, e.to_string()).into_response(),
        },
    };
    match app::backend::calendar::import(&caller, school, &form.file_name, &form.bytes).await {
        Ok(report) => Redirect::to(&app::routes::calendar_after_import(report)).into_response(),
        Err(AppError::BadRequest(why)) => (http::StatusCode::BAD_REQUEST, why).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "calendar import failed");
            crate::pages::unavailable_page()
        }
    }
}

/// The office uploads a registry list: kept for the choice of its columns, on the page
/// the upload lands on (`?file=`); a refusal comes back as `?errore=`.
pub async fn registry_upload(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    headers: http::HeaderMap,
    form: Multipart,
) -> Response {
    const PAGE: &str = app::routes::REGISTRY;
    let caller = match office_caller(&state, tenant, user, &headers) {
        Ok(caller) => caller,
        Err(answer) => return *answer,
    };
    let Some(form) = read_office_form(form).await else {
        return back_to(PAGE, &[("errore", "troppo-grande")]);
    };
    match app::backend::registry::upload(&caller, &form.file_name, &form.bytes).await {
        Ok(id) => Redirect::to(&app::routes::registry_upload(id)).into_response(),
        Err(AppError::BadRequest(why)) if why.contains("2 MB") => {
            back_to(PAGE, &[("errore", "troppo-grande")])
        }
        Err(AppError::BadRequest(_)) => back_to(PAGE, &[("errore", "vuoto")]),
        Err(e) => {
            tracing::error!(error = %e, "registry upload failed");
            crate::pages::unavailable_page()
        }
    }
}
