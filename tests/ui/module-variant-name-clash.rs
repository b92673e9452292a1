#[cookie_registry::registry(provider = "Opendatasoft")]
pub mod cookies {
    #[cookie(
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
    )]
    pub const FOO_BAR: &str = "foo_bar";

    #[cookie(
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
    )]
    pub const FOO__BAR: &str = "foo__bar";
}

fn main() {}
