//! Server-only code: the database, stored files, the demo seed and the request context.

pub mod attendance;
pub mod audit;
pub mod auth;
pub mod booking_settings;
pub mod bookings;
pub mod calendar;
pub mod context;
pub mod documents;
pub mod forms;
pub mod kitchen;
pub mod login;
pub mod menus;
pub mod messages;
pub mod news;
pub mod payments;
pub mod pdf;
pub mod personal;
pub mod registry;
pub mod seed;
pub mod setup;
pub mod site;
pub mod site_pages;
pub mod staff;
pub mod store;
pub mod tariffs;
pub mod tax_certificates;
