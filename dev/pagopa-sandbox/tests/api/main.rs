//! The sandbox over HTTP, as the portal will use it: GPD, Checkout, receipts, faults.

#[path = "../common/mod.rs"]
mod common;

mod checkout;
mod faults;
mod gpd;
mod receipts;
mod validation;
