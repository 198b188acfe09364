//! The store on both engines: every test runs on a fresh SQLite file and, when
//! TEST_POSTGRES_URL is set, on a fresh PostgreSQL database made for it.
//! One module per store feature; what they share is in `support`.

mod support;

mod bookings;
mod closure;
mod documents;
mod fees;
mod forms;
mod ledger;
mod messages;
mod migrations;
mod news;
mod payments;
mod registry;
mod seed;
mod sessions;
mod tariffs;
mod tax;
mod tenants;
mod users;
