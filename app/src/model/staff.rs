//! What the staff screens exchange with the server (shared with the browser).

use crate::domain::identity::Role;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub fiscal_code: String,
    pub role: Role,
    /// From their last login; `None` until they log in.
    pub name: Option<String>,
    pub granted_by: String,
}

crate::domain::wire::choice! {
    /// A role the Ente grants (the others follow from the registry).
    pub enum StaffRole {
        Operator = "operator",
        Admin = "admin",
    }
    refusal = "Scegli il ruolo: operatore o amministratore.";
}

impl StaffRole {
    pub fn role(self) -> Role {
        match self {
            StaffRole::Operator => Role::Operator,
            StaffRole::Admin => Role::Admin,
        }
    }
}
