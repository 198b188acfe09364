//! Pure types and rules shared by the browser and the server: no I/O here.

pub mod booking;
pub mod calendar;
pub mod credit;
pub mod date;
pub mod file_size;
pub mod fiscal_code;
pub mod forms;
pub mod identity;
pub mod menu;
pub mod message;
pub mod money;
pub mod notice;
pub mod paging;
pub mod recharge;
pub mod search;
pub mod tariff;
pub mod tax_certificate;
pub mod tenant;
