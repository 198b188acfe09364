//! Pure types and rules shared by the browser and the server: no I/O here.

pub mod audit;
pub mod bookings;
pub mod calendar;
pub mod content;
pub mod credit;
pub mod date;
pub mod file_size;
pub mod fiscal_code;
pub mod forms;
pub mod identity;
pub mod ids;
/// Rendered on the server only: the browser receives the HTML, not the renderer.
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod menus;
pub mod messages;
pub mod money;
pub mod notice;
pub mod paging;
#[cfg(test)]
mod properties;
pub mod recharge;
pub mod registry;
pub mod school_year;
pub mod search;
pub mod setup;
pub mod tariffs;
pub mod tax_certificates;
pub mod tenant;
pub mod text_file;
pub mod wire;
