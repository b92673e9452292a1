//! An actix-web application's cookie code, for `cookie-registry scan-source` (parsed, not
//! built). A line that sets or reads a name no declaration covers ends with an `expect:` comment naming it.

use actix_session::storage::CookieSessionStore;
use actix_session::SessionMiddleware;
use actix_web::cookie::{Cookie, Key};
use actix_web::http::header::SET_COOKIE;
use actix_web::{HttpRequest, HttpResponse};

fn sessions(key: Key) -> SessionMiddleware<CookieSessionStore> {
    SessionMiddleware::builder(CookieSessionStore::default(), key)
        .cookie_name("id".into()) // expect: id
        .build()
}

async fn lang(request: HttpRequest) -> HttpResponse {
    let _ = request;
    HttpResponse::Ok()
        .cookie(Cookie::build("django_language", "fr").path("/").finish())
        .cookie(Cookie::named("cart")) // expect: cart
        .append_header((SET_COOKIE, "promo=1; Max-Age=60")) // expect: promo
        .finish()
}
