//! The one error type of the application: what the user reads (Italian) and the HTTP
//! status it maps to. Details of internal failures go to the logs, never to the page.

use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError, error::ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("La pagina o il contenuto richiesto non esiste.")]
    NotFound,
    #[error("Nessun Ente è configurato per questo indirizzo.")]
    UnknownTenant,
    #[error("{0}")]
    BadRequest(String),
    #[error("Per continuare accedi con SPID o CIE: la sessione non è attiva o è scaduta.")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("La richiesta è troppo grande: riduci il testo o i file inviati.")]
    TooLarge,
    /// A fault of the portal: the code of the request (when known), which the log carries
    /// too, so that a person who reports it can be matched to its cause.
    #[error("Si è verificato un problema temporaneo. Riprova tra qualche minuto.{}", code_sentence(.0.as_deref()))]
    Internal(Option<String>),
    /// A service the portal depends on (e.g. pagoPA) is down: what happened, in Italian.
    #[error("{0}")]
    Unavailable(String),
    #[error(
        "Non è stato possibile comunicare con il portale. Controlla la connessione e riprova."
    )]
    Transport,
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound | AppError::UnknownTenant => 404,
            AppError::BadRequest(_) => 400,
            AppError::Unauthorized => 401,
            AppError::Forbidden(_) => 403,
            AppError::TooLarge => 413,
            AppError::Internal(_) => 500,
            AppError::Unavailable(_) => 503,
            AppError::Transport => 502,
        }
    }

    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        http::StatusCode::from_u16(self.status_code())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// Logs the cause and returns the sentence a user may read, with the request's code.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        tracing::error!(%cause, "internal error");
        AppError::Internal(request_code())
    }
}

fn code_sentence(code: Option<&str>) -> String {
    code.map(|c| format!(" Se il problema continua, comunica al Comune il codice {c}."))
        .unwrap_or_default()
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    /// The code the server gave the request being served (its log lines carry it too).
    pub static REQUEST_CODE: String;
}

/// The code of the request being served, outside a request none.
#[cfg(feature = "ssr")]
pub fn request_code() -> Option<String> {
    REQUEST_CODE.try_with(Clone::clone).ok()
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A value refused while decoding says why, in Italian (`domain::wire`).
            ServerFnErrorErr::Args(message) => AppError::BadRequest(
                crate::domain::wire::refusal_in(&message)
                    .unwrap_or("Richiesta non valida.")
                    .to_string(),
            ),
            ServerFnErrorErr::MissingArg(_) => AppError::BadRequest("Richiesta non valida.".into()),
            // On the server, a body that cannot be read is the request's fault, not a
            // gateway's: over the size limit (its error says so), or not UTF-8 text.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(message) if message.contains("length limit") => {
                AppError::TooLarge
            }
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => AppError::BadRequest(
                "Richiesta non leggibile: il contenuto inviato non è un modulo valido.".into(),
            ),
            // In the browser these mean the portal could not be reached.
            _ => AppError::Transport,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::internal(e)
    }
}

/// The error as a server function's client reads it: JSON with the matching status.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let body = serde_json::to_string(&self).unwrap_or_else(|_| "\"Internal\"".into());
        (
            self.status(),
            [(http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}
