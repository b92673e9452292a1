//! `cookie-registry audit --crawl` against the demo site (`examples/site`) in headless Chromium,
//! without the middleware and with it. The declarations are the ones the demo serves at
//! `/cookies.json`.
//!
//! Needs Debian's `chromium` (`.ci/run` installs it). Without it the test fails when `CI` is
//! set, and otherwise prints a skip notice and passes.
#![cfg(feature = "crawl")]

#[path = "../../tests/support/demo.rs"]
mod demo;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ sits in the workspace")
        .to_path_buf()
}

/// Starts the demo on a free port; `--no-middleware` when `middleware` is false. Its consent
/// log goes to a file in the temporary directory.
fn start_site(middleware: bool) -> demo::Demo {
    let mut args = vec![];
    if !middleware {
        args.push("--no-middleware");
    }
    demo::start("site", &args, &std::env::temp_dir())
}

fn chromium_present() -> bool {
    let found = std::env::var_os("CHROME").is_some()
        || ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .any(|b| {
                std::env::var_os("PATH")
                    .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(b).is_file()))
            });
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but no Chromium is installed (apt-get install chromium)"
        );
        eprintln!("SKIPPED: the crawl test needs Chromium (apt-get install chromium)");
    }
    found
}

/// Fetches the demo's declarations and crawls it, accepting and refusing.
fn crawl(port: u16) -> (i32, Value, String) {
    // The French page: the crawl follows the language switch, which the language cookie
    // remembers, and the buttons are looked for by their French text.
    let base = format!("http://localhost:{port}/?lang=fr");
    let declarations = std::env::temp_dir().join(format!("crawl-declarations-{port}.json"));
    let response = demo::request(port, "/cookies.json?lang=en", None, None);
    assert_eq!(response.status, 200);
    let json = response.body;
    std::fs::write(&declarations, json).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cookie-registry"))
        .args(["audit", "--declarations"])
        .arg(&declarations)
        .args([
            "--crawl",
            &base,
            "--accept",
            "Tout accepter",
            "--refuse",
            "Tout refuser",
            "--format",
            "json",
        ])
        .output()
        .expect("the command runs");
    let _ = std::fs::remove_file(&declarations);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{stderr}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), report, stderr)
}

/// `(kind, name, phase, set_by)` of every error finding.
fn errors(report: &Value) -> Vec<(String, String, String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or("-").to_owned();
    let mut errors: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                text(&f["kind"]),
                text(&f["name"]),
                text(&f["phase"]),
                text(&f["set_by"]),
            )
        })
        .collect();
    errors.sort();
    errors
}

fn finding(kind: &str, name: &str, phase: &str, set_by: &str) -> (String, String, String, String) {
    (kind.into(), name.into(), phase.into(), set_by.into())
}

#[test]
fn the_crawl_finds_what_the_demo_sets_without_and_with_the_middleware() {
    if !chromium_present() {
        return;
    }

    // Without the middleware: the statistics cookie before consent and after refusal, the
    // undeclared tracker, and the script's cookie.
    let site = start_site(false);
    let (code, report, stderr) = crawl(site.port);
    drop(site);
    assert_eq!(code, 1, "{stderr}");
    let found = errors(&report);
    for expected in [
        finding("without-consent", "_pk_id.demo", "before-consent", "server"),
        finding("without-consent", "_pk_id.demo", "after-refuse", "server"),
        finding("undeclared", "_fbp", "before-consent", "server"),
        finding("undeclared", "_ga", "before-consent", "script"),
        finding("undeclared", "_ga", "after-accept", "script"),
        finding("undeclared", "_ga", "after-refuse", "script"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:#?}");
    }
    // Accepting made the consent cookie appear, declared and as declared.
    let cookies = report["cookies"].as_array().unwrap();
    let preferences = cookies
        .iter()
        .find(|c| c["name"] == "cookies_preferences" && c["phase"] == "after-accept")
        .expect("the consent cookie after accepting");
    assert_eq!(preferences["set_by"], "server");
    assert_eq!(preferences["declaration"], "cookies_preferences");
    // The browser's view: HttpOnly is read from the jar.
    let pk = cookies
        .iter()
        .find(|c| c["name"] == "_pk_id.demo" && c["phase"] == "before-consent")
        .unwrap();
    assert_eq!(pk["http_only"], true);

    // With the middleware: the server's cookies are held back or removed; only the script's
    // cookie remains, and the report says why no middleware can stop it.
    let site = start_site(true);
    let (code, report, stderr) = crawl(site.port);
    drop(site);
    assert_eq!(code, 1, "{stderr}");
    let found = errors(&report);
    assert_eq!(
        found,
        [
            finding("undeclared", "_ga", "after-accept", "script"),
            finding("undeclared", "_ga", "after-refuse", "script"),
            finding("undeclared", "_ga", "before-consent", "script"),
        ],
        "{report:#}"
    );
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("no server middleware can remove them"),
        "{notes}"
    );
    // After accepting, the statistics cookie is allowed and present.
    assert!(
        report["cookies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "_pk_id.demo" && c["phase"] == "after-accept")
    );
}

#[test]
fn an_unreachable_start_url_is_bad_input() {
    if !chromium_present() {
        return;
    }
    let port = std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let declarations = workspace().join("cli/tests/fixtures/demo-declarations.json");
    let out = Command::new(env!("CARGO_BIN_EXE_cookie-registry"))
        .args(["audit", "--quiet", "--declarations"])
        .arg(&declarations)
        .args([
            "--crawl",
            &format!("http://localhost:{port}/"),
            "--page-timeout",
            "5",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unreachable"), "{stderr}");
    assert!(out.stdout.is_empty());
}
