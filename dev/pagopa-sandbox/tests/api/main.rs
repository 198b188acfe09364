//! The sandbox over HTTP, as the portal will use it: GPD, Checkout, receipts, faults.

// A failed expectation here is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod checkout;
mod faults;
mod gpd;
mod receipts;
mod validation;
