//! The demo site (`examples/site`) in headless Chromium, over WebDriver (chromedriver and
//! fantoccini): the consent banner, refusal, consent to statistics, withdrawal, the undeclared
//! tracker and the policy page, read from the browser's own cookie jar (WebDriver's "Get All
//! Cookies" includes HttpOnly cookies).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`/usr/bin/chromium`,
//! `/usr/bin/chromedriver`; `.ci/run` installs them). Without chromedriver the test fails when
//! `CI` is set, and otherwise prints a skip notice and passes.
//!
//! It runs twice: against the axum front end (`examples/site`) and the actix-web one
//! (`examples/actix_site`). Screenshots: `target/screenshots/banner.png` and
//! `target/screenshots/policy.png`, and `actix-banner.png`, `actix-policy.png`.

#[path = "support/webdriver.rs"]
mod webdriver;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use fantoccini::{Client, Locator};
use webdriver::{Processes, WAIT, connect};

/// The seed's table ("Charte cookies" of herault-data.fr), as `examples/herault_data/registry.rs`
/// declares it in French: provider, service and location, cookie name, purpose.
const SEED_ROWS: [[&str; 4]; 4] = [
    [
        "Opendatasoft",
        "Authentification (front et back office)",
        "sessionid",
        "Se souvenir de l'utilisateur d'une page à une autre.",
    ],
    [
        "Opendatasoft",
        "Sélection de la langue (front et back office)",
        "django_language",
        "Se souvenir de la langue du visiteur",
    ],
    [
        "Opendatasoft",
        "API (CSRF) (front et back office)",
        "csrftoken",
        "Récupérer des données via des appels API",
    ],
    [
        "Opendatasoft",
        "Choix concernant vos préférences sur les cookies",
        "cookies_preferences",
        "Se souvenir du choix opéré par le visiteur concernant les cookies",
    ],
];

/// The necessary cookies: the only ones allowed before consent to statistics (`id` is
/// actix-session's, on the actix front end).
const NECESSARY: [&str; 5] = [
    "sessionid",
    "django_language",
    "csrftoken",
    "cookies_preferences",
    "id",
];

/// `target/debug` (the profile directory this test was built into).
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    // target/debug/deps/browser-<hash>: the grandparent is target/debug.
    exe.parent()
        .and_then(Path::parent)
        .expect("the test runs from target/<profile>/deps")
        .to_path_buf()
}

/// The demo's binary, `target/<profile>/examples/<example>`. `cargo test` builds examples,
/// but `cargo test --test browser` does not: build it (a no-op when it is fresh).
fn site_binary(example: &str) -> PathBuf {
    let profile = profile_dir();
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo.args([
        "build",
        "--quiet",
        "--example",
        example,
        "--manifest-path",
        concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"),
    ]);
    if profile.file_name().is_some_and(|n| n == "release") {
        cargo.arg("--release");
    }
    let status = cargo.status().expect("cannot run cargo to build the demo");
    assert!(status.success(), "`cargo build --example {example}` failed");
    let binary = profile
        .join("examples")
        .join(format!("{example}{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.exists(), "no demo binary at {}", binary.display());
    binary
}

/// Starts the demo with `--port 0` and reads its port from the first line it prints.
fn start_site(processes: &mut Processes, example: &str) -> u16 {
    // The demo logs every choice in `consent-log.sqlite3` in its working directory.
    let workdir = std::env::temp_dir().join(format!("browser-{example}-{}", std::process::id()));
    std::fs::create_dir_all(&workdir).expect("a working directory for the demo");
    processes.workdir = Some(workdir.clone());
    let child = processes.spawn(
        "the demo site",
        Command::new(site_binary(example))
            .current_dir(&workdir)
            .args(["--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped()),
    );
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("the demo's first line");
    // Keep reading whatever else it prints, so that it never blocks on a full pipe.
    std::thread::spawn(move || {
        let _ = stdout.read_to_end(&mut Vec::new());
    });
    line.trim()
        .strip_prefix("listening on http://127.0.0.1:")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line from the demo: {line:?}"))
}

/// The axum front end (`examples/site`).
#[tokio::test]
async fn consent_flow_in_chromium() {
    consent_flow("site", "").await;
}

/// The actix-web front end (`examples/actix_site`): the same pages behind the actix
/// middleware, the same steps, the same cookies in the browser's jar.
#[tokio::test]
async fn consent_flow_in_chromium_actix() {
    consent_flow("actix_site", "actix-").await;
}

/// The scenario against `example`; screenshots are named with `prefix`.
async fn consent_flow(example: &'static str, prefix: &'static str) {
    if !webdriver::available("tests/browser.rs") {
        return;
    }
    let mut processes = Processes::new();
    let site_port = start_site(&mut processes, example);
    let client = connect(&mut processes).await;
    // `localhost`, not 127.0.0.1: browsers take `Secure` cookies over plain HTTP from
    // localhost only (a potentially trustworthy origin).
    let base = format!("http://localhost:{site_port}");
    // The scenario runs in its own task so that a failed assertion still closes the session
    // (and Chromium) before the processes are killed.
    let outcome = tokio::spawn(scenario(client.clone(), base, prefix)).await;
    let _ = client.close().await;
    drop(processes);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// The names of the cookies in the browser's jar for the current page.
async fn jar(client: &Client) -> Vec<String> {
    let mut names: Vec<String> = client
        .get_all_cookies()
        .await
        .expect("the browser's cookies")
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    names.sort();
    names
}

fn assert_only_necessary(names: &[String], when: &str) {
    for name in names {
        assert!(
            NECESSARY.contains(&name.as_str()),
            "{when}: cookie `{name}` is in the jar, but only necessary cookies may be: {names:?}"
        );
    }
}

/// Waits until the page's `<body data-consent>` says `marker` (`none`, `necessary`,
/// `necessary+statistics`...).
async fn wait_consent(client: &Client, marker: &str) {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!("body[data-consent=\"{marker}\"]")))
        .await
        .unwrap_or_else(|e| panic!("the page never showed consent `{marker}`: {e}"));
}

async fn button(client: &Client, text: &str) -> fantoccini::elements::Element {
    client
        .find(Locator::XPath(&format!(
            "//button[normalize-space()=\"{text}\"]"
        )))
        .await
        .unwrap_or_else(|e| panic!("no button \"{text}\": {e}"))
}

fn save_screenshot(png: &[u8], name: &str) {
    let dir = profile_dir()
        .parent()
        .expect("target/<profile> has a parent")
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("target/screenshots");
    let path = dir.join(name);
    std::fs::write(&path, png).expect("the screenshot written");
    eprintln!("screenshot: {}", path.display());
}

async fn scenario(client: Client, base: String, prefix: &'static str) {
    // 1. First visit: the banner, and only the necessary cookies, although the home page
    //    tries to set `_pk_id.demo` on every visit.
    client
        .goto(&format!("{base}/"))
        .await
        .expect("the home page");
    wait_consent(&client, "none").await;
    client
        .find(Locator::Id("consent-banner"))
        .await
        .expect("the consent banner on the first visit");
    let accept = button(&client, "Tout accepter").await;
    let refuse = button(&client, "Tout refuser").await;
    button(&client, "Enregistrer mes choix").await;
    client
        .find(Locator::Css(
            "#consent-banner input[type=checkbox][name=category][value=statistics]",
        ))
        .await
        .expect("a statistics checkbox on the banner");
    // Equally prominent: same size, same colours.
    let (_, _, aw, ah) = accept.rectangle().await.expect("accept's box");
    let (_, _, rw, rh) = refuse.rectangle().await.expect("refuse's box");
    assert!(
        (aw - rw).abs() < 0.5 && (ah - rh).abs() < 0.5,
        "the two buttons differ in size: {aw}x{ah} and {rw}x{rh}"
    );
    for property in ["background-color", "color", "font-size", "font-weight"] {
        let a = accept.css_value(property).await.expect("a css value");
        let r = refuse.css_value(property).await.expect("a css value");
        assert_eq!(a, r, "the two buttons differ in {property}");
    }
    save_screenshot(
        &client.screenshot().await.expect("a screenshot"),
        &format!("{prefix}banner.png"),
    );
    let names = jar(&client).await;
    assert!(
        names.iter().any(|n| n == "sessionid") && names.iter().any(|n| n == "csrftoken"),
        "the necessary (Secure) cookies were not set on http://localhost: {names:?}"
    );
    assert_only_necessary(&names, "before any choice");
    // On actix, the session middleware's cookie is declared and reaches the browser.
    assert_eq!(
        names.iter().any(|n| n == "id"),
        prefix == "actix-",
        "actix-session's `id` cookie: {names:?}"
    );

    // 2. "Tout refuser": the choice is stored, still only necessary cookies.
    refuse.click().await.expect("click on Tout refuser");
    wait_consent(&client, "necessary").await;
    assert!(
        client.find(Locator::Id("consent-banner")).await.is_err(),
        "the banner is still there after refusing"
    );
    client.goto(&format!("{base}/")).await.expect("home again");
    wait_consent(&client, "necessary").await;
    let names = jar(&client).await;
    assert!(
        names.iter().any(|n| n == "cookies_preferences"),
        "no consent cookie after refusing: {names:?}"
    );
    assert_only_necessary(&names, "after refusing");

    // 3. Statistics ticked and saved on the choices page: `_pk_id.demo` is set (HttpOnly).
    client
        .goto(&format!("{base}/consent"))
        .await
        .expect("the choices page");
    let checkbox = client
        .find(Locator::Css(
            "input[type=checkbox][name=category][value=statistics]",
        ))
        .await
        .expect("the statistics checkbox");
    assert!(
        !checkbox.is_selected().await.expect("checkbox state"),
        "statistics ticked though refused"
    );
    checkbox.click().await.expect("tick statistics");
    button(&client, "Enregistrer mes choix")
        .await
        .click()
        .await
        .expect("click on Enregistrer mes choix");
    wait_consent(&client, "necessary+statistics").await;
    let cookies = client
        .get_all_cookies()
        .await
        .expect("the browser's cookies");
    let visitor = cookies
        .iter()
        .find(|c| c.name() == "_pk_id.demo")
        .unwrap_or_else(|| {
            panic!(
                "no _pk_id.demo after consenting to statistics: {:?}",
                cookies.iter().map(|c| c.name()).collect::<Vec<_>>()
            )
        });
    assert_eq!(visitor.http_only(), Some(true), "_pk_id.demo is HttpOnly");

    // 4. The undeclared tracker never reaches the jar, consent or not.
    client
        .goto(&format!("{base}/tracker"))
        .await
        .expect("the tracker page");
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("tracker-note"))
        .await
        .expect("the tracker page's note");
    let names = jar(&client).await;
    assert!(
        !names.iter().any(|n| n == "_fbp"),
        "the undeclared _fbp was set: {names:?}"
    );

    // 5. Withdrawal: refuse everything on the choices page. `_pk_id.demo` is HttpOnly, so
    //    only the server's deletion (added by the middleware) can remove it.
    client
        .goto(&format!("{base}/consent"))
        .await
        .expect("the choices page");
    let checkbox = client
        .find(Locator::Css(
            "input[type=checkbox][name=category][value=statistics]",
        ))
        .await
        .expect("the statistics checkbox");
    assert!(
        checkbox.is_selected().await.expect("checkbox state"),
        "the choices page does not show statistics as granted"
    );
    button(&client, "Tout refuser")
        .await
        .click()
        .await
        .expect("click on Tout refuser");
    wait_consent(&client, "necessary").await;
    let names = jar(&client).await;
    assert!(
        !names.iter().any(|n| n.starts_with("_pk_id.")),
        "_pk_id.* still in the jar after withdrawing: {names:?}"
    );
    assert_only_necessary(&names, "after withdrawing");

    // 6. "Tout accepter" brings it back; `?lang=en` sets django_language and English.
    client
        .goto(&format!("{base}/consent"))
        .await
        .expect("the choices page");
    button(&client, "Tout accepter")
        .await
        .click()
        .await
        .expect("click on Tout accepter");
    wait_consent(&client, "necessary+preferences+statistics+marketing").await;
    let names = jar(&client).await;
    assert!(
        names.iter().any(|n| n == "_pk_id.demo"),
        "no _pk_id.demo after accepting all: {names:?}"
    );
    client
        .goto(&format!("{base}/?lang=en"))
        .await
        .expect("the English home page");
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("html[lang=en]"))
        .await
        .expect("the page in English");
    let language = client
        .get_named_cookie("django_language")
        .await
        .expect("django_language after ?lang=en");
    assert_eq!(language.value(), "en");
    client
        .goto(&format!("{base}/?lang=fr"))
        .await
        .expect("back to French");

    // 7. The policy page: the seed's four rows, exactly, and a way to change one's choice.
    client
        .goto(&format!("{base}/cookies"))
        .await
        .expect("the policy page");
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("section.cookie-policy table"))
        .await
        .expect("the policy table");
    let mut rows: Vec<Vec<String>> = Vec::new();
    for row in client
        .find_all(Locator::Css("section.cookie-policy tbody tr"))
        .await
        .expect("the table's rows")
    {
        let mut cells = Vec::new();
        for cell in row
            .find_all(Locator::Css("td"))
            .await
            .expect("a row's cells")
        {
            cells.push(cell.text().await.expect("a cell's text").trim().to_owned());
        }
        rows.push(cells);
    }
    // The seed's four columns, then the lifetime (a default column).
    for seed in SEED_ROWS {
        assert!(
            rows.iter()
                .any(|r| r.len() == 5 && r[..4] == seed && !r[4].is_empty()),
            "the policy page lacks the seed's row {seed:?} and its lifetime; rows: {rows:#?}"
        );
    }
    assert!(
        rows.iter()
            .any(|r| r.get(2).is_some_and(|n| n == "_pk_id.*")),
        "the policy page lacks the statistics cookie: {rows:#?}"
    );
    let change = client
        .find(Locator::LinkText("Modifier mes choix"))
        .await
        .expect("a \"Modifier mes choix\" link");
    let href = change
        .attr("href")
        .await
        .expect("its href")
        .unwrap_or_default();
    assert!(href.starts_with("/consent"), "the link goes to {href}");
    save_screenshot(
        &client.screenshot().await.expect("a screenshot"),
        &format!("{prefix}policy.png"),
    );
}
