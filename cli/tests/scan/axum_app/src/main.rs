//! An axum application's cookie code, for `cookie-registry scan-source` (parsed, not built).
//! A line that sets or reads a name no declaration covers ends with an `expect:` comment naming it.

use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use tower_sessions::{MemoryStore, SessionManagerLayer};

const SESSION_COOKIE: &str = "sessionid";
const TRACKER: &str = "_tracker";

async fn login(jar: CookieJar) -> CookieJar {
    jar.add(Cookie::new(SESSION_COOKIE, "abc"))
        .add(Cookie::build(("csrftoken", "x")).path("/").build())
        .add(Cookie::new(TRACKER, "1")) // expect: _tracker
}

async fn theme(jar: CookieJar) -> String {
    jar.get("theme") // expect: theme
        .map(|c| c.value().to_owned())
        .unwrap_or_default()
}

async fn logout(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::from("remember_me")) // expect: remember_me
}

async fn visitor(id: u64, mut headers: HeaderMap) -> HeaderMap {
    // Covered by the `_pk_id.*` pattern.
    headers.append(SET_COOKIE, HeaderValue::from_str(&format!("_pk_id.{id}=1; Path=/")).unwrap());
    headers.insert(SET_COOKIE, HeaderValue::from_static("ab_test=B; Path=/")); // expect: ab_test
    headers.append(SET_COOKIE, HeaderValue::from_str(&format!("_hj{id}=1")).unwrap()); // expect: _hj{id}
    headers
}

fn sessions(store: MemoryStore) -> SessionManagerLayer<MemoryStore> {
    SessionManagerLayer::new(store).with_name("tower.sid") // expect: tower.sid
}
