use cookie_registry::CookieRegistry;

#[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
#[registry(provider = "Opendatasoft")]
#[registry(languages("fr"))]
enum SiteCookie {
    #[cookie(
        name = "sessionid",
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
    )]
    Session,
}

fn main() {}
