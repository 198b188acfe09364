//! The pagoPA sandbox (to be written).
