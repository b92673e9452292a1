use cookie_registry::{cookie, CookieRegistry};

#[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
#[registry(provider = "Opendatasoft")]
enum SiteCookie {
    #[cookie(
        name = "sessionid",
        service = "Authentication",
        purpose = "Remember the user",
        category = "statistic",
        lifetime = "14d",
    )]
    Session,
}

const SESSION: SiteCookie = cookie!(SiteCookie, "sessionid");

fn describe(cookie: SiteCookie) -> &'static str {
    cookie.declaration().purpose().get("en")
}

fn main() {
    let _ = SiteCookie::lookup("x");
    let _ = SiteCookie::ALL;
    let _ = SESSION.name();
    let _ = describe(SESSION);
    let _ = SiteCookie::registry().declarations().count();
}
