//! One module per screen.

pub mod attendance;
pub mod audit;
pub mod booking_settings;
pub mod bookings;
pub mod calendar;
pub mod content;
pub mod documents;
pub mod families;
pub mod forms;
pub mod forms_review;
pub mod kitchen;
pub mod login;
pub mod menus;
pub mod messages;
pub mod news;
pub mod not_found;
pub mod payments;
pub mod personal;
pub mod registry;
pub mod setup;
pub mod site_pages;
pub mod staff;
pub mod tariffs;
