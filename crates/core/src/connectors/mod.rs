//! Connectors: real clients of published protocols and file formats, each turning its source's
//! shapes into the domain's normalized records. Only this module speaks HTTP.

pub mod csv;
pub mod fdx;
mod flow;
pub mod http;
pub mod issuer;
pub mod ofx;
pub mod ofx_direct;
pub mod simplefin;
