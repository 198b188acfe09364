//! What the office's set-up page exchanges with the server: the Ente's schools with their
//! classes, its services, its pagoPA identifiers, and the forms that change them (each field
//! as typed, checked by `domain::setup` on the server).

use crate::domain::ids::{ClassId, SchoolId, ServiceId};
use crate::domain::setup::{BillingMode, SchoolKind};
use crate::domain::wire::OrEmpty;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupView {
    /// Those in service first.
    pub schools: Vec<SchoolView>,
    pub services: Vec<ServiceView>,
    pub pagopa: PagopaForm,
    /// The caller may change the pagoPA identifiers (administrators only).
    pub pagopa_editable: bool,
    /// Proposed for a new class: the school year of today ("2026/2027").
    pub school_year: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolView {
    pub id: SchoolId,
    pub name: String,
    /// The stored word ("primaria") and how it reads.
    pub kind: String,
    pub kind_label: String,
    pub address: String,
    /// Dismessa: no new classes nor enrolments, history kept.
    pub retired: bool,
    /// Nothing refers to it yet: it can be deleted instead of retired.
    pub deletable: bool,
    pub classes: Vec<ClassView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassView {
    pub id: ClassId,
    pub name: String,
    pub school_year: String,
    /// Canteen on Monday … Saturday.
    pub weekdays: [bool; 6],
    /// "lun, mar, mer".
    pub weekdays_label: String,
    pub pupils: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceView {
    pub id: ServiceId,
    pub code: String,
    pub name: String,
    pub billing_mode: BillingMode,
    pub taxonomy: String,
    pub bookings_enabled: bool,
}

/// A new school (no id) or the changes to one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolForm {
    #[serde(default)]
    pub id: OrEmpty<SchoolId>,
    pub name: String,
    pub kind: SchoolKind,
    pub address: String,
}

/// A new class of a school (no id) or the changes to one; a box per weekday, Monday first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassForm {
    #[serde(default)]
    pub id: OrEmpty<ClassId>,
    pub school: SchoolId,
    pub name: String,
    pub school_year: String,
    #[serde(default)]
    pub mon: bool,
    #[serde(default)]
    pub tue: bool,
    #[serde(default)]
    pub wed: bool,
    #[serde(default)]
    pub thu: bool,
    #[serde(default)]
    pub fri: bool,
    #[serde(default)]
    pub sat: bool,
}

impl ClassForm {
    pub fn boxes(&self) -> [bool; 6] {
        [self.mon, self.tue, self.wed, self.thu, self.fri, self.sat]
    }
}

/// A new service (code and way of paying are chosen once) or the changes to one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceForm {
    #[serde(default)]
    pub id: OrEmpty<ServiceId>,
    #[serde(default)]
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub billing_mode: OrEmpty<BillingMode>,
    pub taxonomy: String,
    #[serde(default)]
    pub bookings: bool,
}

/// The Ente's identifiers on pagoPA, as the form shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagopaForm {
    pub iban: String,
    /// Empty: none.
    pub cbill: String,
    pub segregation_code: String,
}
