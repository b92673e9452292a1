use cookie_registry::CookieRegistry;

#[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
#[registry(provider = "Opendatasoft")]
enum SiteCookie {
    #[cookie(
        name = "session id",
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
    )]
    Session,
}

fn main() {}
