use cookie_registry::CookieRegistry;

#[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
#[registry(provider = "Opendatasoft")]
enum SiteCookie {
    #[cookie(
        name = "_ga",
        provider = "Matomo",
        third_party = "https://matomo.cloud",
        service = "Audience measurement",
        purpose = "Count visits",
        category = "statistics",
        lifetime = "13mo",
    )]
    AudienceId,
}

fn main() {}
