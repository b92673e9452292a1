//! A demo site behind the cookie middleware: the Hérault portal's four cookies plus one Matomo
//! statistics cookie, a server-rendered consent banner, the policy page rendered from the
//! registry, and a page that tries to set an undeclared tracker. This is its axum front end;
//! `examples/actix_site` serves the same pages with actix-web.
//!
//! ```text
//! cargo run --example site -- [--port N] [--no-middleware]
//! ```
//!
//! Then open <http://localhost:8080/> (use `localhost`, not `127.0.0.1`: browsers accept the
//! portal's `Secure` cookies over plain HTTP only from `localhost`).

mod common;
mod html;
mod pages;
#[path = "../herault_data/registry.rs"]
mod registry;
mod stats;

use std::collections::HashMap;
use std::convert::Infallible;
use std::process::ExitCode;
use std::sync::LazyLock;

use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, COOKIE, HOST, LOCATION, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use cookie_registry::Registry;
use cookie_registry::consent::Consent;
use cookie_registry::consent::form::{MAX_FORM_BYTES, same_origin};
use cookie_registry::middleware::{CookieLayer, Mode};

pub use common::consent_categories;

/// The site's cookies (see `common::combine`).
pub static COMBINED: LazyLock<Registry> = LazyLock::new(|| common::combine(&[]));
use pages::{AppState, Page, Visit};
use registry::HeraultCookie;

/// A [`Visit`] from the request's parts.
struct AxumVisit(Visit);

impl<S: Send + Sync> FromRequestParts<S> for AxumVisit {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(AxumVisit(Visit::new(
            parts
                .headers
                .get_all(COOKIE)
                .iter()
                .map(HeaderValue::as_bytes),
            parts.uri.query(),
            parts.uri.path(),
            parts.extensions.get::<Consent>().copied(),
        )))
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, self.body).into_response();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(location) = self.location.and_then(|l| HeaderValue::try_from(l).ok()) {
            headers.insert(LOCATION, location);
        }
        for cookie in self.cookies {
            match HeaderValue::try_from(cookie) {
                Ok(value) => {
                    headers.append(SET_COOKIE, value);
                }
                Err(e) => eprintln!("site: Set-Cookie not sent: {e}"),
            }
        }
        response
    }
}

/// The application, without the cookie middleware.
fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/",
            get(|AxumVisit(v): AxumVisit| async move { pages::home(&v) }),
        )
        .route(
            "/consent",
            get(
                |AxumVisit(v): AxumVisit, Query(q): Query<HashMap<String, String>>| async move {
                    pages::consent_page(&v, q.get("back").map(String::as_str))
                },
            )
            .post(
                |State(state): State<AppState>,
                 AxumVisit(v): AxumVisit,
                 headers: HeaderMap,
                 uri: Uri,
                 body: Result<Bytes, BytesRejection>| async move {
                    let origin = headers.get(ORIGIN).map(HeaderValue::as_bytes);
                    // HTTP/2 requests carry the host in the URI's authority, not in `Host`.
                    let host = headers
                        .get(HOST)
                        .map(HeaderValue::as_bytes)
                        .or(uri.authority().map(|a| a.as_str().as_bytes()));
                    // Over the limit: bad input, like any other (400, nothing logged).
                    let Ok(body) = body else {
                        return Page::text(400, "the consent form is too large\n");
                    };
                    pages::consent_submit(&state, &v, same_origin(origin, host), &body).await
                },
            )
            .layer(DefaultBodyLimit::max(MAX_FORM_BYTES)),
        )
        .route(
            "/cookies",
            get(|AxumVisit(v): AxumVisit| async move { pages::policy_page(&v) }),
        )
        .route(
            "/tracker",
            get(
                |State(state): State<AppState>, AxumVisit(v): AxumVisit| async move {
                    pages::tracker(&state, &v)
                },
            ),
        )
        .route(
            "/analytics",
            get(|AxumVisit(v): AxumVisit| async move { pages::analytics(&v) }),
        )
        .route(
            "/cookies.json",
            get(|AxumVisit(v): AxumVisit| async move { pages::policy_json(&v) }),
        )
        .route(
            "/declarations.json",
            get(|| async { pages::declarations_json() }),
        )
        .route("/two", get(|| async { pages::two() }))
        .with_state(state)
}

#[tokio::main]
async fn main() -> ExitCode {
    let (options, key) = match common::start("site") {
        Ok(started) => started,
        Err(code) => return code,
    };
    let log = match common::consent_log(&options).await {
        Ok(log) => log,
        Err(code) => return code,
    };
    let form = common::consent_form(key.clone());
    let app = router(AppState {
        log,
        form,
        middleware: options.middleware,
    });
    let layer = options.middleware.then(|| {
        CookieLayer::new(&COMBINED)
            .mode(Mode::Enforce)
            .consent(HeraultCookie::Preferences, key)
            .on_event(|event| eprintln!("cookie-registry: {event}"))
    });
    if layer.is_none() {
        eprintln!("site: serving WITHOUT the cookie middleware");
    }
    // Around the whole router, one service for every request. `Router::layer` (kept behind
    // `--route-layer`, for the benchmark) wraps each route in a boxed service of its own,
    // which axum clones on every request: `benches/site_instructions.sh` counts both.
    let (around, per_route) = match layer {
        Some(layer) if options.route_layer => (None, Some(layer)),
        layer => (layer, None),
    };
    let app = match per_route {
        Some(layer) => app.layer(layer),
        None => app,
    };
    let app = tower::ServiceBuilder::new()
        .option_layer(around)
        .service(app);
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", options.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", options.port);
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => common::announce(addr.port()),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    match axum::serve(
        listener,
        axum::ServiceExt::<axum::extract::Request>::into_make_service(app),
    )
    .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
