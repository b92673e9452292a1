//! The template to copy: an axum app whose cookies are declared, checked and consented.
//! `PORT=8080 cargo run --example axum_minimal`, then open <http://localhost:8080/>.
use std::sync::LazyLock;
use std::time::SystemTime;

use axum::http::header::SET_COOKIE;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Extension, Router};
use cookie_registry::CookieRegistry;
use cookie_registry::consent::{Consent, ConsentKey};
use cookie_registry::middleware::{CookieLayer, Mode};
use tower_sessions::{MemoryStore, Session, SessionManagerLayer};

#[rustfmt::skip]
#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Example")]
enum SiteCookie {
    // tower-sessions' session cookie, with its defaults.
    #[cookie(name = "id", service = "Login", purpose = "Keep the visitor's session",
        category = "necessary", lifetime = "session", secure, http_only, same_site = "strict", path = "/")]
    Session,
    #[cookie(name = "consent", service = "Cookie choices", purpose = "Remember the visitor's choices",
        category = "necessary", lifetime = "6mo", http_only, same_site = "lax", path = "/")]
    Consent,
    #[cookie(name = "theme", service = "Display", purpose = "Remember the chosen theme",
        category = "preferences", lifetime = "1y", same_site = "lax", path = "/")]
    Theme,
}

// A real site reads a secret of 32 bytes or more from its configuration.
static KEY: LazyLock<ConsentKey> = LazyLock::new(|| {
    let secret = std::env::var("CONSENT_KEY")
        .unwrap_or_else(|_| "demo key, not a secret: set CONSENT_KEY".into());
    ConsentKey::from_bytes(secret.as_bytes()).expect("CONSENT_KEY has 32 bytes or more")
});

async fn home(session: Session, consent: Option<Extension<Consent>>) -> impl IntoResponse {
    let visits = session
        .get::<u64>("visits")
        .await
        .unwrap_or_default()
        .unwrap_or(0)
        + 1;
    let _ = session.insert("visits", visits).await;
    // A typed builder: every declared attribute. Without consent, the layer removes it.
    let theme = SiteCookie::Theme
        .cookie("dark")
        .expect("a cookie-octet value");
    let body = format!("visit {visits}, consent given: {}\n", consent.is_some());
    ([(SET_COOKIE, theme.to_string())], body)
}

async fn accept_all() -> impl IntoResponse {
    let record = Consent::accept_all(SiteCookie::registry(), SystemTime::now()).encode(&KEY);
    let cookie = SiteCookie::Consent.cookie(record).expect("cookie-octets");
    ([(SET_COOKIE, cookie.to_string())], "accepted\n")
}

#[tokio::main]
async fn main() {
    let port: u16 = std::env::var("PORT").map_or(8080, |p| p.parse().expect("PORT is a number"));
    let app = Router::new()
        .route("/", get(home))
        .route("/consent", post(accept_all))
        .layer(SessionManagerLayer::new(MemoryStore::default()))
        // Last, so outermost: it sees the session layer's Set-Cookie too.
        .layer(
            CookieLayer::new(SiteCookie::registry())
                .mode(Mode::Enforce) // on an existing site, start with Mode::Report
                .consent(SiteCookie::Consent, KEY.clone()),
        );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("a free port");
    let port = listener.local_addr().expect("bound").port();
    println!("listening on http://localhost:{port}");
    axum::serve(listener, app).await.expect("the server runs");
}
