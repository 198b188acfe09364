//! Download of a public document: the Ente of the request must own it, or it is a 404.

use crate::AppState;
use app::backend::auth::{Caller, CurrentUser, Visitor};
use app::backend::payments::{payment_document, DocumentKind};
use app::backend::store::Tenant;
use app::domain::ids::{DocumentId, NewsId, PaymentId, SubmissionId};
use app::error::AppError;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use http::{header, HeaderValue};

pub async fn document(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    // A malformed id names no document.
    let Ok(id) = DocumentId::parse(&id) else {
        return crate::not_found_page(State(state), req).await;
    };
    let visitor = Visitor {
        ctx: state.ctx.clone(),
        tenant,
        me: user.map(|Extension(me)| me),
    };
    let found = app::backend::documents::download(&visitor, &id).await;
    let mut res = file_response(state, req, found).await;
    // A replaced file keeps its address: caches must ask again each time.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// A news item's image: public with the item; the office also sees those of drafts.
pub async fn news_image(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let Ok(id) = NewsId::parse(&id) else {
        return crate::not_found_page(State(state), req).await;
    };
    let visitor = Visitor {
        ctx: state.ctx.clone(),
        tenant,
        me: user.map(|Extension(me)| me),
    };
    match app::backend::news::image(&visitor, &id).await {
        Ok((content_type, bytes, public)) => {
            let mut res = bytes.into_response();
            let h = res.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&content_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            // The address changes with the image (`?v=`); a withdrawn item's image goes
            // within the hour from shared caches.
            let cache = if public {
                "public, max-age=3600"
            } else {
                "private, no-store"
            };
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            res
        }
        Err(AppError::NotFound) => crate::not_found_page(State(state), req).await,
        Err(e) => {
            tracing::error!(error = %e, "news image failed");
            crate::pages::unavailable_page()
        }
    }
}

/// The notice or the receipt of one of the signed-in family's payments (for the office: of
/// any family of its Ente).
pub async fn payment_pdf(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    Path((id, kind)): Path<(String, String)>,
    req: Request,
) -> Response {
    let kind = match kind.as_str() {
        "avviso.pdf" => DocumentKind::Notice,
        "ricevuta.pdf" => DocumentKind::Receipt,
        _ => return crate::not_found_page(State(state), req).await,
    };
    // The session middleware sends anonymous visitors to the login page before this.
    let Some(Extension(me)) = user else {
        return crate::not_found_page(State(state), req).await;
    };
    // Another family's payment, or a malformed id, is as absent as a missing one.
    let Ok(id) = PaymentId::parse(&id) else {
        return crate::not_found_page(State(state), req).await;
    };
    let caller = Caller {
        ctx: state.ctx.clone(),
        tenant,
        me,
    };
    let found = payment_document(&caller, &id, kind)
        .await
        .map_err(|e| match e {
            AppError::Forbidden(_) => AppError::NotFound,
            e => e,
        });
    file_response(state, req, found.map(as_pdf)).await
}

/// The signed-in tutore's expense certificate of a year (`2025.pdf`).
pub async fn tax_certificate_pdf(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    Path(file): Path<String>,
    req: Request,
) -> Response {
    let year = file
        .strip_suffix(".pdf")
        .filter(|y| y.len() == 4)
        .and_then(|y| y.parse::<i32>().ok());
    let (Some(year), Some(Extension(me))) = (year, user) else {
        return crate::not_found_page(State(state), req).await;
    };
    let caller = Caller {
        ctx: state.ctx.clone(),
        tenant,
        me,
    };
    let found = app::backend::tax_certificates::pdf(&caller, year).await;
    file_response(state, req, found.map(as_pdf)).await
}

/// A file attached to a form, for its owner or the Ente's staff.
pub async fn form_attachment(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let Some(Extension(me)) = user else {
        return crate::not_found_page(State(state), req).await;
    };
    let caller = Caller {
        ctx: state.ctx.clone(),
        tenant,
        me,
    };
    let found = app::backend::forms::attachment(&caller, &id).await;
    file_response(state, req, found).await
}

/// A file attached to a message, for the staff or a family it was sent to.
pub async fn message_file(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let Some(Extension(me)) = user else {
        return crate::not_found_page(State(state), req).await;
    };
    let caller = Caller {
        ctx: state.ctx.clone(),
        tenant,
        me,
    };
    let found = app::backend::messages::file(&caller, &id).await;
    file_response(state, req, found).await
}

/// A generated PDF, as `file_response` takes it.
fn as_pdf((file_name, pdf): (String, Vec<u8>)) -> (String, String, Vec<u8>) {
    (file_name, "application/pdf".to_string(), pdf)
}

/// A stored or generated file as a download (its name, its type), or the 404 page.
async fn file_response(
    state: AppState,
    req: Request,
    found: Result<(String, String, Vec<u8>), AppError>,
) -> Response {
    match found {
        Ok((file_name, content_type, bytes)) => {
            let mut res = bytes.into_response();
            let h = res.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&content_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&content_disposition(&file_name)) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(AppError::NotFound) => crate::not_found_page(State(state), req).await,
        Err(e) => {
            tracing::error!(error = %e, "file download failed");
            crate::pages::unavailable_page()
        }
    }
}

/// The PDF copy of a submission (`<id>.pdf`), for its owner or the Ente's staff.
pub async fn submission_copy(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    Path(file): Path<String>,
    req: Request,
) -> Response {
    let id = file
        .strip_suffix(".pdf")
        .and_then(|id| SubmissionId::parse(id).ok());
    let (Some(id), Some(Extension(me))) = (id, user) else {
        return crate::not_found_page(State(state), req).await;
    };
    let caller = Caller {
        ctx: state.ctx.clone(),
        tenant,
        me,
    };
    let found = app::backend::forms::copy_pdf(&caller, &id).await;
    file_response(state, req, found.map(as_pdf)).await
}

/// The kitchen report of a day as CSV, for the office and the kitchen (its schools).
pub async fn kitchen_csv(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    user: Option<Extension<CurrentUser>>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    req: Request,
) -> Response {
    use app::domain::identity::Role;
    let allowed = [Role::Operator, Role::Admin, Role::Kitchen];
    let Some(Extension(me)) = user.filter(|Extension(me)| allowed.iter().any(|r| me.has(*r)))
    else {
        return crate::not_found_page(State(state), req).await;
    };
    let day = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "giorno")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let day = match day.trim() {
        "" => None,
        text => match app::domain::date::Day::parse(text) {
            Ok(day) => Some(day),
            Err(_) => return crate::not_found_page(State(state), req).await,
        },
    };
    let caller = Caller {
        ctx: state.ctx.clone(),
        tenant,
        me,
    };
    match app::backend::kitchen::report(&caller, day).await {
        Ok(report) => {
            let mut res = app::backend::kitchen::csv(&report).into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            if let Ok(v) =
                HeaderValue::from_str(&content_disposition(&format!("cucina-{}.csv", report.day)))
            {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(AppError::BadRequest(_)) => crate::not_found_page(State(state), req).await,
        Err(e) => {
            tracing::error!(error = %e, "kitchen report failed");
            crate::pages::unavailable_page()
        }
    }
}

/// `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987).
fn content_disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_file_safely() {
        assert_eq!(
            content_disposition("menù \"inverno\".pdf"),
            "attachment; filename=\"men___inverno_.pdf\"; filename*=UTF-8''men%C3%B9%20%22inverno%22.pdf"
        );
    }
}
