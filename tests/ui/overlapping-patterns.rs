use cookie_registry::CookieRegistry;

#[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
#[registry(provider = "Opendatasoft")]
enum SiteCookie {
    #[cookie(
        name = "_ga_*",
        provider = "Google",
        service = "Audience measurement",
        purpose = "Count visits",
        category = "statistics",
        lifetime = "13mo",
    )]
    AudienceId,
    #[cookie(
        name = "_ga*",
        provider = "Google",
        service = "Audience measurement",
        purpose = "Count visits",
        category = "statistics",
        lifetime = "13mo",
    )]
    AudienceSession,
}

fn main() {}
