#[cookie_registry::registry(provider = "Opendatasoft")]
pub mod cookies {
    #[cookie(
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
        path = "/",
    )]
    pub const SESSION: &str = "__Host-sid";
}

fn main() {}
