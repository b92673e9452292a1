use cookie_registry::CookieRegistry;

#[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
#[registry(provider = "Opendatasoft")]
enum SiteCookie {
    #[cookie(
        name = "_pk_id.*",
        provider = "Matomo",
        service = "Audience measurement",
        purpose = "Count visits",
        category = "statistics",
        lifetime = "13mo",
        consent_exempt,
        third_party = "matomo.cloud",
    )]
    AudienceId,
}

fn main() {}
