//! simpul command line.
fn main() {}
