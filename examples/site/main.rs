//! A demo site behind the cookie middleware: the Hérault portal's four cookies plus one Matomo
//! statistics cookie, a server-rendered consent banner, the policy page rendered from the
//! registry, and a page that tries to set an undeclared tracker.
//!
//! ```text
//! cargo run --example site -- [--port N] [--no-middleware]
//! ```
//!
//! Then open <http://localhost:8080/> (use `localhost`, not `127.0.0.1`: browsers accept the
//! portal's `Secure` cookies over plain HTTP only from `localhost`).

mod html;
mod pages;
#[path = "../herault_data/registry.rs"]
mod registry;
mod stats;

use std::io::Write as _;
use std::process::ExitCode;
use std::sync::LazyLock;

use cookie_registry::consent::ConsentKey;
use cookie_registry::middleware::{CookieLayer, Mode};
use cookie_registry::{Category, CookieRegistry, Registry};

use registry::HeraultCookie;
use stats::Stats;

/// The site's cookies: the portal's and the demo's statistics cookie. The middleware needs a
/// `&'static Registry`, hence the static.
pub static COMBINED: LazyLock<Registry> = LazyLock::new(|| {
    Registry::combine([HeraultCookie::registry(), Stats::registry()])
        .unwrap_or_else(|e| panic!("the demo's registries overlap: {e}"))
});

/// The categories of the combined registry that need consent, in page order: one checkbox
/// each on the banner.
pub fn consent_categories() -> Vec<Category> {
    Category::ALL
        .into_iter()
        .filter(|c| {
            COMBINED
                .declarations()
                .any(|d| d.category() == *c && d.requires_consent())
        })
        .collect()
}

/// The demo's consent key, when `CONSENT_KEY` is not set. A real site must use a secret
/// (at least 32 random bytes, kept out of the code and stable across restarts): anyone who
/// knows the key can forge a visitor's consent.
const DEMO_KEY: &[u8] = b"cookie-registry demo key: NOT A SECRET, never use it in production";

const HELP: &str = "\
A demo site behind the cookie-registry middleware.

Usage: site [OPTIONS]

Options:
  --port <N>         port on 127.0.0.1 (default: $PORT, else 8080; 0 picks a free port)
  --no-middleware    serve the same app without the cookie middleware (for the benchmark)
  -h, --help         this help

Environment:
  PORT               the port, when --port is not given
  CONSENT_KEY        the secret that signs consent records (at least 32 bytes); a fixed demo
                     key otherwise
";

struct Options {
    port: u16,
    middleware: bool,
}

fn parse(args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let port_text = |s: &str, from: &str| {
        s.parse::<u16>()
            .map_err(|_| format!("{from}: `{s}` is not a port number"))
    };
    let mut port = match std::env::var("PORT") {
        Ok(p) if !p.is_empty() => port_text(&p, "PORT")?,
        _ => 8080,
    };
    let mut middleware = true;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--no-middleware" => middleware = false,
            "--port" => {
                let value = args.next().ok_or("--port needs a value")?;
                port = port_text(&value, "--port")?;
            }
            other => match other.strip_prefix("--port=") {
                Some(value) => port = port_text(value, "--port")?,
                None => return Err(format!("unknown option `{other}`")),
            },
        }
    }
    Ok(Some(Options { port, middleware }))
}

fn consent_key() -> Result<ConsentKey, String> {
    match std::env::var("CONSENT_KEY") {
        Ok(secret) => {
            ConsentKey::from_bytes(secret.as_bytes()).map_err(|e| format!("CONSENT_KEY: {e}"))
        }
        Err(_) => {
            eprintln!("site: CONSENT_KEY is not set: using the demo key (not a secret)");
            ConsentKey::from_bytes(DEMO_KEY).map_err(|e| e.to_string())
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    let key = match consent_key() {
        Ok(key) => key,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let app = pages::router(pages::AppState {
        key: key.clone(),
        middleware: options.middleware,
    });
    let app = if options.middleware {
        app.layer(
            CookieLayer::new(&COMBINED)
                .mode(Mode::Enforce)
                .consent(HeraultCookie::Preferences, key)
                .on_event(|event| eprintln!("cookie-registry: {event}")),
        )
    } else {
        eprintln!("site: serving WITHOUT the cookie middleware");
        app
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", options.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", options.port);
            return ExitCode::FAILURE;
        }
    };
    let port = match listener.local_addr() {
        Ok(addr) => addr.port(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The first line on stdout: tests read the port from it.
    println!("listening on http://127.0.0.1:{port}");
    let _ = std::io::stdout().flush();
    eprintln!("site: open http://localhost:{port}/ (localhost, for the Secure cookies)");
    match axum::serve(listener, app).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
