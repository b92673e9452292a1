use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Opendatasoft")]
union SiteCookie {
    session: u32,
}

fn main() {}
