//! What the staff screens exchange with the server (shared with the browser).

use crate::domain::identity::Role;
use crate::domain::ids::SchoolId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub fiscal_code: String,
    pub role: Role,
    /// From their last login; `None` until they log in.
    pub name: Option<String>,
    pub granted_by: String,
    /// The schools a school-scoped role covers, by name (empty: every school).
    pub schools: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSchool {
    pub id: SchoolId,
    pub name: String,
}

/// The staff page: who holds which role, and the schools a scoped role may cover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub members: Vec<StaffMember>,
    pub schools: Vec<StaffSchool>,
}

crate::domain::wire::choice! {
    /// A role the Ente grants (the others follow from the registry).
    pub enum StaffRole {
        Operator = "operator",
        Admin = "admin",
        SchoolStaff = "school_staff",
        Kitchen = "kitchen",
    }
    refusal = "Scegli il ruolo: operatore, amministratore, personale scolastico o cucina.";
}

impl StaffRole {
    pub fn role(self) -> Role {
        match self {
            StaffRole::Operator => Role::Operator,
            StaffRole::Admin => Role::Admin,
            StaffRole::SchoolStaff => Role::SchoolStaff,
            StaffRole::Kitchen => Role::Kitchen,
        }
    }
}
