//! Server-only code: the database, stored files, the demo seed and the request context.

pub mod attendance;
pub mod auth;
pub mod bookings;
pub mod context;
pub mod files;
pub mod form_documents;
pub mod forms;
pub mod kitchen;
pub mod messages;
pub mod pagopa;
pub mod payment_documents;
pub mod payments;
pub mod pdf;
pub mod seed;
pub mod store;
pub mod tax_certificates;
