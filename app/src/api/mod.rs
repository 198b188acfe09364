//! Server functions, grouped by area. Each one is thin: which Ente is asking → may it →
//! call the store; the types they return are shared with the browser.

pub mod attendance;
pub mod audit;
pub mod booking_settings;
pub mod bookings;
pub mod calendar;
pub mod documents;
pub mod families;
pub mod forms;
pub mod kitchen;
pub mod login;
pub mod menus;
pub mod messages;
pub mod news;
pub mod payments;
pub mod personal;
pub mod registry;
pub mod setup;
pub mod site;
pub mod site_pages;
pub mod staff;
pub mod tariffs;
