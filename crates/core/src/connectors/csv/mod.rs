//! CSV: the issuer download layouts and user-defined column mappings.
