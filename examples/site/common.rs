//! What the two front ends of the demo site share (axum in `site`, actix-web in
//! `actix_site`): the registry, the command line, the consent key.

use cookie_registry::consent::ConsentKey;
use cookie_registry::consent_log::{ConsentForm, ConsentLog};
use cookie_registry::{Category, CookieRegistry, Registry};

use crate::registry::HeraultCookie;
use crate::stats::Stats;

/// The site's cookies: the portal's, the demo's statistics cookie, and `extra` (what a front
/// end adds, such as its session middleware's cookie). Each front end keeps it in a static
/// `COMBINED`: the middleware needs a `&'static Registry`.
pub fn combine(extra: &[&'static Registry]) -> Registry {
    let base = [HeraultCookie::registry(), Stats::registry()];
    Registry::combine(base.into_iter().chain(extra.iter().copied()))
        .unwrap_or_else(|e| panic!("the demo's registries overlap: {e}"))
}

/// The categories of the front end's registry that need consent, in page order: one checkbox
/// each on the banner.
pub fn consent_categories() -> Vec<Category> {
    Category::ALL
        .into_iter()
        .filter(|c| {
            crate::COMBINED
                .declarations()
                .any(|d| d.category() == *c && d.requires_consent())
        })
        .collect()
}

/// The demo's consent key, when `CONSENT_KEY` is not set. A real site must use a secret
/// (at least 32 random bytes, kept out of the code and stable across restarts): anyone who
/// knows the key can forge a visitor's consent.
const DEMO_KEY: &[u8] = b"cookie-registry demo key: NOT A SECRET, never use it in production";

/// The help text of the program `name`.
pub fn help(name: &str) -> String {
    format!(
        "\
A demo site behind the cookie-registry middleware.

Usage: {name} [OPTIONS]

Options:
  --port <N>         port on 127.0.0.1 (default: $PORT, else 8080; 0 picks a free port)
  --no-middleware    serve the same app without the cookie middleware (for the benchmark)
  --route-layer      apply the middleware with axum's `Router::layer`, route by route,
                     instead of around the router (axum front end only; for the benchmark)
  --consent-log <URL>
                     where every choice is logged as proof: sqlite://PATH or postgres://...
                     (default: sqlite://consent-log.sqlite3, in the working directory)
  -h, --help         this help

Environment:
  PORT               the port, when --port is not given
  CONSENT_KEY        the secret that signs consent records (at least 32 bytes); a fixed demo
                     key otherwise
"
    )
}

/// The consent log when `--consent-log` is not given: a SQLite file in the working directory.
pub const DEFAULT_CONSENT_LOG: &str = "sqlite://consent-log.sqlite3";

/// The command line.
pub struct Options {
    pub port: u16,
    pub middleware: bool,
    /// The middleware through `Router::layer` (the axum front end).
    pub route_layer: bool,
    pub consent_log: String,
}

/// Reads the command line; `Ok(None)` for `--help`.
pub fn parse(args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let port_text = |s: &str, from: &str| {
        s.parse::<u16>()
            .map_err(|_| format!("{from}: `{s}` is not a port number"))
    };
    let mut port = match std::env::var("PORT") {
        Ok(p) if !p.is_empty() => port_text(&p, "PORT")?,
        _ => 8080,
    };
    let mut middleware = true;
    let mut route_layer = false;
    let mut consent_log = DEFAULT_CONSENT_LOG.to_owned();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--no-middleware" => middleware = false,
            "--route-layer" => route_layer = true,
            "--port" => {
                let value = args.next().ok_or("--port needs a value")?;
                port = port_text(&value, "--port")?;
            }
            "--consent-log" => {
                consent_log = args.next().ok_or("--consent-log needs a URL")?;
            }
            other => {
                if let Some(value) = other.strip_prefix("--port=") {
                    port = port_text(value, "--port")?;
                } else if let Some(value) = other.strip_prefix("--consent-log=") {
                    consent_log = value.to_owned();
                } else {
                    return Err(format!("unknown option `{other}`"));
                }
            }
        }
    }
    Ok(Some(Options {
        port,
        middleware,
        route_layer,
        consent_log,
    }))
}

/// The key that signs consent records: `CONSENT_KEY`, else the demo key.
pub fn consent_key() -> Result<ConsentKey, String> {
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

/// Reads the command line and the consent key of the program `name`; for `--help` or a
/// mistake, the exit code (after printing why).
pub fn start(name: &str) -> Result<(Options, ConsentKey), std::process::ExitCode> {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{}", help(name));
            return Err(std::process::ExitCode::SUCCESS);
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{}", help(name));
            return Err(std::process::ExitCode::from(2));
        }
    };
    match consent_key() {
        Ok(key) => Ok((options, key)),
        Err(message) => {
            eprintln!("error: {message}");
            Err(std::process::ExitCode::from(2))
        }
    }
}

/// Opens the consent log of `options` (every choice is kept as proof), or says why not.
pub async fn consent_log(options: &Options) -> Result<ConsentLog, std::process::ExitCode> {
    match ConsentLog::connect(&options.consent_log).await {
        Ok(log) => {
            eprintln!("site: logging consent choices in {}", options.consent_log);
            Ok(log)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(std::process::ExitCode::FAILURE)
        }
    }
}

/// The banner's form handler: the combined registry, `key`, and `cookies_preferences` as the
/// consent cookie.
pub fn consent_form(key: ConsentKey) -> ConsentForm {
    ConsentForm::new(
        &crate::COMBINED,
        key,
        HeraultCookie::Preferences.declaration(),
    )
    .policy_url("/cookies")
}

/// Says where the site listens: the first line on stdout (tests read the port from it), and
/// a hint on stderr.
pub fn announce(port: u16) {
    use std::io::Write as _;
    println!("listening on http://127.0.0.1:{port}");
    let _ = std::io::stdout().flush();
    eprintln!("site: open http://localhost:{port}/ (localhost, for the Secure cookies)");
}
