//! Server-only code: the database, stored files, the demo seed and the request context.

pub mod context;
pub mod files;
pub mod seed;
pub mod store;
