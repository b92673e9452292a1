use cookie_registry::CookieRegistry;

#[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
#[registry(provider = "Opendatasoft")]
enum SiteCookie {
    #[cookie(
        name = "sessionid",
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "99999999999999999999y",
    )]
    Session,
}

fn main() {}
