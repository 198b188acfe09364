//! Error bodies (ProblemJson, as the specs define it) and the small extractors that turn
//! every malformed request into one, so that no client ever gets a bare text error.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// `{"title","status","detail"}`: the fields every spec's ProblemJson has.
#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    pub title: String,
    pub status: u16,
    pub detail: String,
}

impl Problem {
    pub fn new(status: StatusCode, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem {
            title: title.into(),
            status: status.as_u16(),
            detail: detail.into(),
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, "Bad Request", detail)
    }

    pub fn not_found(title: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::NOT_FOUND, title, detail)
    }

    pub fn conflict(title: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::CONFLICT, title, detail)
    }

    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        json_response(self.status_code(), &self)
    }
}

/// A JSON answer (serialized here, so the crate needs no axum "json" feature).
pub fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut response = Response::new(Body::from(bytes));
            *response.status_mut() = status;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// Path parameters; a malformed path is a ProblemJson 400.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Params(value)),
            Err(e) => Err(Problem::bad_request(e.body_text())),
        }
    }
}

/// The raw body; an unreadable body is a ProblemJson 400.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        match Bytes::from_request(req, state).await {
            Ok(bytes) => Ok(RawBody(bytes)),
            Err(e) => Err(Problem::bad_request(e.body_text())),
        }
    }
}

/// The query string as (name, value) pairs, decoded.
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .into_owned()
            .collect()
    })
    .unwrap_or_default()
}

/// The last value of a query parameter.
pub fn query_param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Parses a JSON body; syntax errors are a ProblemJson 400.
pub fn parse_json(body: &[u8]) -> Result<serde_json::Value, Problem> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::bad_request("the request body is required"));
    }
    serde_json::from_slice(body)
        .map_err(|e| Problem::bad_request(format!("the request body is not valid JSON: {e}")))
}
