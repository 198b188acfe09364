//! What the tariffs page exchanges with the server: each service's price lists, a copy of
//! the latest to start a new one from, and the preview of what each family would pay.

use crate::domain::date::Day;
use crate::domain::money::Money;
use crate::domain::tariffs::draft::Draft;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffsView {
    /// The Ente's services, as (id, name).
    pub services: Vec<(String, String)>,
    pub service_id: String,
    pub service_name: String,
    /// Today in the Ente's time zone, and the start of the service's latest list: the
    /// page checks a draft's start against them, as the server does.
    pub today: Day,
    pub latest_start: Option<Day>,
    /// The list in force today, then those that start later.
    pub lists: Vec<PriceListView>,
    /// A copy of the latest list, to edit into a new one.
    pub copy: Draft,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceListView {
    /// "01/09/2026".
    pub valid_from: String,
    /// In force today (else it starts later).
    pub current: bool,
    pub bands: Vec<BandView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandView {
    pub code: String,
    pub label: String,
    /// "Fascia ISEE", "Tariffa intera"…
    pub kind: String,
    /// "oltre 1.000,00 € fino a 3.000,00 €", "—".
    pub isee: String,
    /// "1,00 €", or "1,00 € – 5,00 €" for the personalised tariff.
    pub price: String,
    /// "50%", or "—".
    pub sibling_discount: String,
}

/// What each family subscribed to the service would pay for one meal (one unit) under
/// the latest list and under the proposed one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffPreview {
    /// "01/01/2027".
    pub valid_from: String,
    pub families: Vec<FamilyPreview>,
    /// Subscriptions the new list moves to another band.
    pub moved: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyPreview {
    pub guardian: String,
    /// "12.400,00 €", or "non presentato".
    pub isee: String,
    pub children: Vec<ChildPreview>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildPreview {
    pub name: String,
    /// 0 for the first child (the eldest), who pays without the sibling discount.
    pub rank: usize,
    pub before_band: String,
    pub before: Money,
    pub after_band: String,
    pub after: Money,
}
