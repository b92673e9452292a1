//! The demo site (`examples/site`) with actix-web instead of axum: the same pages, banner and
//! cookies, behind `cookie_registry::actix::CookieMiddleware` instead of the tower layer. It
//! also keeps an actix-session session (a visit count), so actix-session's own cookie, `id`,
//! is declared and checked like the others.
//!
//! ```text
//! cargo run --example actix_site -- [--port N] [--no-middleware]
//! ```
//!
//! Then open <http://localhost:8080/>.

#[path = "../site/common.rs"]
mod common;
#[path = "../site/html.rs"]
mod html;
#[path = "../site/pages.rs"]
mod pages;
#[path = "../herault_data/registry.rs"]
mod registry;
#[path = "../site/stats.rs"]
mod stats;

use std::process::ExitCode;
use std::sync::LazyLock;

use actix_session::storage::CookieSessionStore;
use actix_session::{Session, SessionMiddleware};
use actix_web::http::StatusCode;
use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_TYPE, COOKIE, HOST, LOCATION, ORIGIN, SET_COOKIE,
};
use actix_web::middleware::Condition;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use cookie_registry::actix::CookieMiddleware;
use cookie_registry::consent::Consent;
use cookie_registry::consent::form::{MAX_FORM_BYTES, same_origin};
use cookie_registry::middleware::Mode;
use cookie_registry::{CookieRegistry, Registry};

pub use common::consent_categories;

/// actix-session's cookie, with the crate's defaults (name `id`, `Secure`, `HttpOnly`,
/// `SameSite=Lax`, `Path=/`, a browser-session cookie).
#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Hérault Data", languages("fr", "en"))]
pub enum SessionCookie {
    #[cookie(
        name = "id",
        service(fr = "Session (actix-session)", en = "Session (actix-session)"),
        purpose(
            fr = "Garder l'état de la visite d'une page à l'autre",
            en = "Keep the visit's state from one page to the next"
        ),
        category = "necessary",
        lifetime = "session",
        secure,
        http_only,
        same_site = "lax",
        path = "/"
    )]
    Id,
}

/// The site's cookies (see `common::combine`), actix-session's among them.
pub static COMBINED: LazyLock<Registry> =
    LazyLock::new(|| common::combine(&[SessionCookie::registry()]));
use pages::{AppState, Page, Visit};
use registry::HeraultCookie;

/// The visit of an actix request: its cookies, query, path and the middleware's consent.
fn visit(request: &HttpRequest, consent: Option<web::ReqData<Consent>>) -> Visit {
    let query = request.query_string();
    Visit::new(
        request.headers().get_all(COOKIE).map(|v| v.as_bytes()),
        (!query.is_empty()).then_some(query),
        request.path(),
        consent.map(|c| *c),
    )
}

/// Sends a [`Page`].
fn respond(page: Page) -> HttpResponse {
    let status = StatusCode::from_u16(page.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    response.insert_header((CONTENT_TYPE, page.content_type));
    response.insert_header((CACHE_CONTROL, "no-store"));
    if let Some(location) = page.location {
        response.insert_header((LOCATION, location));
    }
    for cookie in page.cookies {
        response.append_header((SET_COOKIE, cookie));
    }
    response.body(page.body)
}

async fn home(
    request: HttpRequest,
    consent: Option<web::ReqData<Consent>>,
    session: Session,
) -> HttpResponse {
    // A necessary session state: actix-session sets its `id` cookie.
    let visits = session.get::<u64>("visits").ok().flatten().unwrap_or(0) + 1;
    if let Err(e) = session.insert("visits", visits) {
        eprintln!("site: session not kept: {e}");
    }
    respond(pages::home(&visit(&request, consent)))
}

async fn consent_page(
    request: HttpRequest,
    consent: Option<web::ReqData<Consent>>,
) -> HttpResponse {
    let back = web::Query::<Vec<(String, String)>>::from_query(request.query_string())
        .ok()
        .and_then(|q| q.iter().find(|(n, _)| n == "back").map(|(_, v)| v.clone()));
    respond(pages::consent_page(
        &visit(&request, consent),
        back.as_deref(),
    ))
}

async fn consent_submit(
    state: web::Data<AppState>,
    request: HttpRequest,
    consent: Option<web::ReqData<Consent>>,
    body: Result<web::Bytes, actix_web::Error>,
) -> HttpResponse {
    let origin = request.headers().get(ORIGIN).map(|v| v.as_bytes());
    let host = request.headers().get(HOST).map(|v| v.as_bytes());
    // Over the limit (`PayloadConfig`): bad input, like any other (400, nothing logged).
    let Ok(body) = body else {
        return HttpResponse::BadRequest().body("the consent form is too large\n");
    };
    let page = pages::consent_submit(
        &state,
        &visit(&request, consent),
        same_origin(origin, host),
        &body,
    )
    .await;
    respond(page)
}

async fn policy_page(request: HttpRequest, consent: Option<web::ReqData<Consent>>) -> HttpResponse {
    respond(pages::policy_page(&visit(&request, consent)))
}

async fn tracker(
    state: web::Data<AppState>,
    request: HttpRequest,
    consent: Option<web::ReqData<Consent>>,
) -> HttpResponse {
    respond(pages::tracker(&state, &visit(&request, consent)))
}

async fn analytics(request: HttpRequest, consent: Option<web::ReqData<Consent>>) -> HttpResponse {
    respond(pages::analytics(&visit(&request, consent)))
}

async fn policy_json(request: HttpRequest, consent: Option<web::ReqData<Consent>>) -> HttpResponse {
    respond(pages::policy_json(&visit(&request, consent)))
}

async fn declarations_json() -> HttpResponse {
    respond(pages::declarations_json())
}

async fn two() -> HttpResponse {
    respond(pages::two())
}

fn main() -> ExitCode {
    let (options, key) = match common::start("actix_site") {
        Ok(started) => started,
        Err(code) => return code,
    };
    if options.route_layer {
        eprintln!("error: --route-layer is for the axum front end (`site`)");
        return ExitCode::FAILURE;
    }
    if !options.middleware {
        eprintln!("site: serving WITHOUT the cookie middleware");
    }
    let system = actix_web::rt::System::new();
    let log = match system.block_on(common::consent_log(&options)) {
        Ok(log) => log,
        Err(code) => return code,
    };
    let form = common::consent_form(key.clone());
    let state = AppState {
        log,
        form,
        middleware: options.middleware,
    };
    let middleware = CookieMiddleware::new(&COMBINED)
        .mode(Mode::Enforce)
        .consent(HeraultCookie::Preferences, key)
        .on_event(|event| eprintln!("cookie-registry: {event}"));
    let enabled = options.middleware;
    // Sessions last as long as the process (a real site derives this key from a secret).
    let session_key = actix_web::cookie::Key::generate();
    let server = HttpServer::new(move || {
        let sessions = SessionMiddleware::new(CookieSessionStore::default(), session_key.clone());
        App::new()
            .app_data(web::Data::new(state.clone()))
            .app_data(web::PayloadConfig::new(MAX_FORM_BYTES))
            .route("/", web::get().to(home))
            .route("/consent", web::get().to(consent_page))
            .route("/consent", web::post().to(consent_submit))
            .route("/cookies", web::get().to(policy_page))
            .route("/tracker", web::get().to(tracker))
            .route("/analytics", web::get().to(analytics))
            .route("/cookies.json", web::get().to(policy_json))
            .route("/declarations.json", web::get().to(declarations_json))
            .route("/two", web::get().to(two))
            .wrap(sessions)
            // Last, so outermost: it sees the session middleware's `Set-Cookie` too.
            .wrap(Condition::new(enabled, middleware.clone()))
    })
    .workers(2);
    let server = match server.bind(("127.0.0.1", options.port)) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", options.port);
            return ExitCode::FAILURE;
        }
    };
    match server.addrs().first() {
        Some(addr) => common::announce(addr.port()),
        None => {
            eprintln!("error: no address bound");
            return ExitCode::FAILURE;
        }
    }
    match system.block_on(server.run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
