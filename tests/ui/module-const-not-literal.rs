#[cookie_registry::registry(provider = "Opendatasoft")]
pub mod cookies {
    #[cookie(
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
    )]
    pub const SESSION: &str = concat!("session", "id");
}

fn main() {}
