//! Analytics benchmark at 1,000,000 transactions (filled in below).

fn main() {}
