//! The server's integration tests, as one test binary: real servers on random ports
//! (one at a time, see `support::ONE_APP_AT_A_TIME`), the development identity provider,
//! the pagoPA sandbox, a local SMTP server, and the `sportello` command line.

// A failed expectation here is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod audit;
mod authorization;
mod bookings;
mod calendar;
mod cli;
mod content;
mod decoding;
mod families;
mod forms;
mod fuzz;
mod login;
mod mail;
mod menus;
mod messages;
mod payments;
mod portal;
mod registry;
mod setup;
mod staff;
mod tariffs;
