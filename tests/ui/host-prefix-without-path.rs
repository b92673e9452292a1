use cookie_registry::CookieRegistry;

#[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
#[registry(provider = "Opendatasoft")]
enum SiteCookie {
    #[cookie(
        name = "__Host-sid",
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
        secure,
    )]
    Session,
}

fn main() {}
