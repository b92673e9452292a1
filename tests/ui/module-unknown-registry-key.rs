#[cookie_registry::registry(provider = "Opendatasoft", enum_names = "SiteCookie")]
pub mod cookies {
    #[cookie(
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
    )]
    pub const SESSION: &str = "sessionid";
}

fn main() {}
