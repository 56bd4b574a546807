//! Unit tests of amounts, identity, layout detection and mappings.
