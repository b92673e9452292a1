//! The demo's own registry: one audience-measurement cookie, Matomo's visitor id. Unlike the
//! README's example it is *not* declared `consent_exempt`: it needs the visitor's consent, so
//! the middleware strips it until the visitor accepts statistics.

use cookie_registry::CookieRegistry;

/// The demo's statistics cookies.
#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Matomo", languages("fr", "en"))]
pub enum Stats {
    /// Matomo's visitor id: `_pk_id.<site id>.<domain hash>` in real deployments, so a pattern.
    #[cookie(
        name = "_pk_id.*",
        provider = "Matomo",
        service(
            fr = "Mesure d'audience (Matomo, sur ce site)",
            en = "Audience measurement (Matomo, on this site)"
        ),
        purpose(
            fr = "Reconnaître le navigateur d'une visite à l'autre pour compter les visiteurs",
            en = "Recognise the browser from one visit to the next to count visitors"
        ),
        category = "statistics",
        lifetime = "13mo",
        http_only,
        path = "/",
        same_site = "lax"
    )]
    VisitorId,
}

/// The name the demo gives its visitor-id cookie (it matches `_pk_id.*`).
pub const VISITOR_ID: &str = "_pk_id.demo";
