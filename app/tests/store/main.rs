//! The store on both engines: every test runs on a fresh SQLite file and, when
//! TEST_POSTGRES_URL is set, on a fresh PostgreSQL database made for it.
//! One module per store feature (the store's own layout: `payments/{mod,ledger,fees}`);
//! what they share is in `support`.

// A failed expectation here is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod audit;
mod bookings;
mod calendar;
mod closure;
mod documents;
mod families;
mod forms;
mod messages;
mod migrations;
mod news;
mod payments;
mod registry;
mod registry_import;
mod seed;
mod sessions;
mod setup;
mod site_pages;
mod tariffs;
mod tax_certificates;
mod tenants;
mod users;
