//! What the personal screens exchange with the server (shared with the browser).

use crate::domain::identity::Role;
use crate::domain::ids::PupilId;
use serde::{Deserialize, Serialize};

/// A pupil as the personal area shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PupilCard {
    pub id: PupilId,
    pub given_name: String,
    pub family_name: String,
    pub school: String,
    pub school_id: String,
    pub class: String,
    /// Set by the Ente after a request with a medical certificate.
    pub diet: Option<String>,
    pub services: Vec<String>,
    /// Managed by a tutore's delegation (bookings only), not as their tutore.
    pub delegated: bool,
    /// Their meals are booked in Prenotazioni (the Ente has bookings for their canteen).
    pub bookable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalHome {
    pub given_name: String,
    pub family_name: String,
    pub fiscal_code: String,
    pub roles: Vec<Role>,
    pub pupils: Vec<PupilCard>,
}
