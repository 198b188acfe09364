//! What the login screens exchange with the server (shared with the browser).

use crate::domain::identity::ProviderKind;
use serde::{Deserialize, Serialize};

/// An identity provider button of the login page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginOption {
    pub id: String,
    pub name: String,
    pub kind: ProviderKind,
}
