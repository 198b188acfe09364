//! Login with SPID/CIE over OpenID Connect, server-side sessions, and logout.

pub mod oidc;
pub mod providers;
pub mod routes;
pub mod session;
