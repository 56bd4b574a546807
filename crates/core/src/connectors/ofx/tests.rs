//! Unit tests of the OFX tokenizer, values and request builder.
