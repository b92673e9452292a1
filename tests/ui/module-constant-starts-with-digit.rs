#[cookie_registry::registry(provider = "Opendatasoft")]
pub mod cookies {
    #[cookie(
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
    )]
    pub const _2FA: &str = "twofactor";

    #[cookie(
        service = "Language",
        purpose = "Remember the language",
        category = "necessary",
        lifetime = "1y",
    )]
    pub const LANGUAGE: &str = "django_language";
}

fn main() {
    // No follow-on error: `cookie!` compiles against the stub the failed registry leaves.
    let _ = cookie_registry::cookie!(cookies::Cookie, "django_language");
}
