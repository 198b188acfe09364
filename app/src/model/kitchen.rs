//! What the kitchen screens exchange with the server (shared with the browser).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitchenRow {
    pub school: String,
    pub class: String,
    /// "normale", "in bianco", or the diet.
    pub meal: String,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitchenReport {
    /// YYYY-MM-DD
    pub day: String,
    /// dd/mm/yyyy
    pub day_label: String,
    /// Closed at the cut-off: the counts are final and the meals debited.
    pub closed: bool,
    pub rows: Vec<KitchenRow>,
    pub total: u32,
}
