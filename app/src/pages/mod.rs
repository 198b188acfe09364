//! One module per screen.

pub mod documents;
pub mod login;
pub mod news;
pub mod not_found;
