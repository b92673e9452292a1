//! The exports for front-end consent managers, loaded by the real libraries in headless
//! Chromium: `vanilla-cookieconsent` 3.1.0 and `klaro` 0.7.22, installed from npm in
//! `tests/js` (`npm ci --prefix tests/js`; `.ci/run` does it). Each page sets a cookie that a
//! declared pattern covers (`_pk_id.1.ab`) and one nobody declared; the visitor refuses; the
//! library must delete the first, keep the second, and show our table rows.
//!
//! Without Chromium, chromedriver or the npm packages, the test fails when `CI` is set, and
//! otherwise prints a skip notice.

#[path = "support/webdriver.rs"]
mod webdriver;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use cookie_registry::{CookieRegistry, export};
use fantoccini::{Client, Locator};

#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Opendatasoft", languages("fr", "en"))]
enum Site {
    #[cookie(
        name = "sessionid",
        category = "necessary",
        lifetime = "14d",
        http_only,
        service(fr = "Authentification", en = "Authentication"),
        purpose(fr = "Se souvenir de l'utilisateur", en = "Remember the user")
    )]
    Session,
    #[cookie(
        name = "_pk_id.*",
        provider = "Matomo",
        category = "statistics",
        lifetime = "13mo",
        service(fr = "Mesure d'audience", en = "Audience measurement"),
        purpose(fr = "Compter les visites", en = "Count visits")
    )]
    Audience,
}

fn npm_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/node_modules")
}

fn ready() -> bool {
    if !webdriver::available("tests/exports.rs") {
        return false;
    }
    if npm_dir().join("klaro/dist/klaro.js").exists()
        && npm_dir()
            .join("vanilla-cookieconsent/dist/cookieconsent.umd.js")
            .exists()
    {
        return true;
    }
    let message = "the npm packages are missing: run `npm ci --prefix tests/js`";
    assert!(std::env::var_os("CI").is_none(), "{message}");
    eprintln!("SKIPPED tests/exports.rs: {message}");
    false
}

fn file(kind: &'static str, path: PathBuf) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, kind)],
        std::fs::read(path).expect("the library's file"),
    )
}

/// The pages, on a free port of 127.0.0.1.
async fn serve() -> u16 {
    let registry = Site::registry();
    let cc_config = export::cookieconsent(registry, &[]).unwrap();
    let klaro_config = export::klaro(registry, &[], "/cookies").unwrap();
    // cookieconsent hides from bots (`hideFromBots`, on by default), and WebDriver sets
    // `navigator.webdriver`: the page plays a visitor's browser.
    const SET_COOKIES: &str = "<script>Object.defineProperty(navigator, 'webdriver', { get: () => false });\
        document.cookie = '_pk_id.1.ab=42; path=/'; document.cookie = 'not_declared=1; path=/';</script>";
    let cc_page = format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><link rel=\"stylesheet\" href=\"/lib/cc.css\"></head><body>{SET_COOKIES}<script src=\"/lib/cc.js\"></script><script src=\"/cc-config.js\"></script></body></html>"
    );
    let klaro_page = format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"></head><body>{SET_COOKIES}<script>window.klaroConfig = {klaro_config};</script><script src=\"/lib/klaro.js\"></script></body></html>"
    );
    let js = "text/javascript; charset=utf-8";
    let html = "text/html; charset=utf-8";
    let app = Router::new()
        .route(
            "/cc.html",
            get(move || async move { ([(CONTENT_TYPE, html)], cc_page) }),
        )
        .route(
            "/cc-config.js",
            get(move || async move { ([(CONTENT_TYPE, js)], cc_config) }),
        )
        .route(
            "/klaro.html",
            get(move || async move { ([(CONTENT_TYPE, html)], klaro_page) }),
        )
        .route(
            "/lib/cc.js",
            get(|| async {
                file(
                    js,
                    npm_dir().join("vanilla-cookieconsent/dist/cookieconsent.umd.js"),
                )
            }),
        )
        .route(
            "/lib/cc.css",
            get(|| async {
                file(
                    "text/css",
                    npm_dir().join("vanilla-cookieconsent/dist/cookieconsent.css"),
                )
            }),
        )
        .route(
            "/lib/klaro.js",
            get(|| async { file(js, npm_dir().join("klaro/dist/klaro.js")) }),
        );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    port
}

async fn cookies(client: &Client) -> String {
    client
        .execute("return document.cookie", vec![])
        .await
        .expect("document.cookie")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Waits until `document.cookie` satisfies `ok`.
async fn wait_cookies(client: &Client, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let jar = cookies(client).await;
        if ok(&jar) {
            return jar;
        }
        assert!(
            start.elapsed() < webdriver::WAIT,
            "{what}: document.cookie is {jar:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the first displayed button whose text is `text` (the libraries animate their
/// dialogs in, and keep hidden ones with the same buttons).
async fn click_text(client: &Client, text: &str) {
    let start = Instant::now();
    loop {
        let buttons = client
            .find_all(Locator::XPath(&format!(
                "//button[normalize-space()=\"{text}\"]"
            )))
            .await
            .unwrap_or_default();
        for button in buttons {
            if button.is_displayed().await.unwrap_or(false) && button.click().await.is_ok() {
                return;
            }
        }
        assert!(
            start.elapsed() < webdriver::WAIT,
            "no button \"{text}\" to click"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn page_text(client: &Client) -> String {
    client
        .execute("return document.body.textContent", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn cookieconsent(client: &Client, base: &str) {
    client.goto(&format!("{base}/cc.html")).await.unwrap();
    wait_cookies(client, "before the choice", |j| {
        j.contains("_pk_id.1.ab=42")
    })
    .await;
    click_text(client, "Tout refuser").await;
    let jar = wait_cookies(client, "cookieconsent after refusing", |j| {
        !j.contains("_pk_id.1.ab")
    })
    .await;
    assert!(
        jar.contains("not_declared=1"),
        "only the declared pattern is cleared: {jar}"
    );
    client
        .execute("CookieConsent.showPreferences()", vec![])
        .await
        .unwrap();
    client
        .wait()
        .at_most(webdriver::WAIT)
        .for_element(Locator::Css(".pm__table-td"))
        .await
        .expect("the preferences modal's cookie table");
    let text = page_text(client).await;
    for expected in [
        "_pk_id.*",
        "Matomo — Mesure d'audience",
        "Compter les visites",
        "13 mois",
        "sessionid",
    ] {
        assert!(
            text.contains(expected),
            "{expected} not in the cookieconsent modal:\n{text}"
        );
    }
}

async fn klaro(client: &Client, base: &str) {
    client.goto(&format!("{base}/klaro.html")).await.unwrap();
    // Klaro applies the default (no consent) as it starts: the statistics cookie set before
    // it loaded is already gone. The tag sets it again; the visitor then refuses.
    wait_cookies(client, "Klaro's default", |j| {
        !j.contains("_pk_id.1.ab") && j.contains("not_declared=1")
    })
    .await;
    client
        .execute("document.cookie = '_pk_id.1.ab=43; path=/'", vec![])
        .await
        .unwrap();
    wait_cookies(client, "set again", |j| j.contains("_pk_id.1.ab=43")).await;
    click_text(client, "Tout refuser").await;
    let jar = wait_cookies(client, "klaro after refusing", |j| {
        !j.contains("_pk_id.1.ab")
    })
    .await;
    assert!(
        jar.contains("not_declared=1"),
        "only the declared pattern is cleared: {jar}"
    );
    client.execute("klaro.show()", vec![]).await.unwrap();
    client
        .wait()
        .at_most(webdriver::WAIT)
        .for_element(Locator::Css(".cm-modal"))
        .await
        .expect("Klaro's modal");
    // Every purpose and service is listed (grouped by purpose): open the groups.
    client
        .execute(
            "document.querySelectorAll('.cm-caret a, .cm-list-title').forEach(e => e.click())",
            vec![],
        )
        .await
        .unwrap();
    let text = page_text(client).await;
    for expected in [
        "Matomo — Mesure d'audience",
        "Compter les visites",
        "Opendatasoft — Authentification",
    ] {
        assert!(
            text.contains(expected),
            "{expected} not in Klaro's modal:\n{text}"
        );
    }
    assert!(!text.contains("[missing translation"), "{text}");
}

#[tokio::test]
async fn the_real_libraries_read_our_exports() {
    if !ready() {
        return;
    }
    let port = serve().await;
    let mut processes = webdriver::Processes::new();
    let client = webdriver::connect(&mut processes).await;
    let base = format!("http://localhost:{port}");
    let outcome = tokio::spawn({
        let client = client.clone();
        async move {
            cookieconsent(&client, &base).await;
            client.delete_all_cookies().await.unwrap();
            klaro(&client, &base).await;
        }
    })
    .await;
    let _ = client.close().await;
    drop(processes);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}
