//! What the audit log screen shows: the Ente's changes, newest first.

use serde::{Deserialize, Serialize};

/// One change, as an administrator reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// "28/11/2026 10:15", in the Ente's time zone.
    pub at: String,
    /// The fiscal code of who made the change.
    pub actor: String,
    /// "Ruolo assegnato".
    pub action: String,
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    pub rows: Vec<AuditRow>,
    /// More changes match than are shown: narrow the dates.
    pub more: bool,
}
