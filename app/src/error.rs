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
    #[error("Si è verificato un problema temporaneo. Riprova tra qualche minuto.")]
    Internal,
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
            AppError::Internal => 500,
            AppError::Transport => 502,
        }
    }

    /// Logs the cause and returns the sentence a user may read.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        tracing::error!(%cause, "internal error");
        AppError::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::BadRequest("Richiesta non valida.".into())
            }
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
