#[cookie_registry::registry(provider = "Opendatasoft")]
pub mod cookies {
    #[cookie(
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
    )]
    #[cookie(http_only)]
    pub const SESSION: &str = "sessionid";
}

fn main() {}
