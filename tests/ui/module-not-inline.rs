#[cookie_registry::registry(provider = "Opendatasoft")]
pub mod cookies;

fn main() {}
