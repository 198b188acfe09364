//! `pagopa-sandbox`: serves the sandbox.
fn main() {}
