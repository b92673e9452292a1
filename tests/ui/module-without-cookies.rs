#[cookie_registry::registry(provider = "Opendatasoft")]
pub mod cookies {
    pub const SESSION: &str = "sessionid";
}

fn main() {}
