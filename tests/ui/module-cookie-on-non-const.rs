#[cookie_registry::registry(provider = "Opendatasoft")]
pub mod cookies {
    #[cookie(
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
    )]
    pub const SESSION: &str = "sessionid";

    #[cookie(
        service = "Security",
        purpose = "Protect forms",
        category = "necessary",
        lifetime = "session",
    )]
    pub static CSRF: &str = "csrftoken";
}

fn main() {}
