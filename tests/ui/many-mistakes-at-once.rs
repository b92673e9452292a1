use cookie_registry::CookieRegistry;

#[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
#[registry(provider = "Opendatasoft")]
enum SiteCookie {
    #[cookie(
        name = "session id",
        servise = "Authentication",
        purpose = "",
        category = "statistic",
        lifetime = "401d",
        same_site = "loose",
        domain = ".example.com",
        path = "account",
        secure = true,
    )]
    Session,
}

fn main() {}
