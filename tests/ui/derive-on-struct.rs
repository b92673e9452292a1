use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Opendatasoft")]
struct SiteCookie {
    session: &'static str,
}

fn main() {}
