//! `cookie-registry audit` on HAR files written in the shapes real exporters give: Chromium's
//! (one header per `Set-Cookie`, cookies listed), Firefox's (`Set-Cookie` joined by newlines,
//! `response.cookies` empty, a raw control byte, a percent-encoded name), a sanitized export
//! and a clean one. The declarations are the demo site's (`/cookies.json`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cookie-registry"))
        .args(args)
        .output()
        .expect("the command runs")
}

fn audit(extra: &[&str], har: &str) -> (i32, Value) {
    let declarations = fixture("demo-declarations.json");
    let har = fixture(har);
    let mut args = vec![
        "audit",
        "--declarations",
        declarations.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    args.push(har.to_str().unwrap());
    let out = run(&args);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), json)
}

/// `(kind, name, set_by)` of every finding.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["name"].as_str().unwrap().to_owned(),
                f["set_by"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect()
}

fn has(report: &Value, kind: &str, name: &str, set_by: &str) -> bool {
    findings(report)
        .iter()
        .any(|(k, n, s)| k == kind && n == name && s == set_by)
}

fn cookie<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no cookie {name} in {report:#}"))
}

#[test]
fn a_chromium_export_of_the_demo_without_middleware() {
    let (code, report) = audit(&["--before-consent"], "chromium-demo-no-middleware.har");
    assert_eq!(code, 1);
    assert_eq!(report["schema"], "cookie-registry/audit/1");
    assert!(has(&report, "undeclared", "_fbp", "server"), "{report:#}");
    assert!(has(&report, "undeclared", "_ga", "script"), "{report:#}");
    assert!(has(&report, "undeclared", "fr", "server"), "{report:#}");
    assert!(
        has(&report, "without-consent", "_pk_id.demo", "server"),
        "{report:#}"
    );
    assert!(has(&report, "unseen", "sessionid", "-"));
    // Declared, necessary and as declared: no finding.
    assert!(!findings(&report).iter().any(|(_, n, _)| n == "csrftoken"));

    let ga = cookie(&report, "_ga");
    assert_eq!(ga["set_by"], "script");
    assert_eq!(ga["first_url"], "http://localhost:8080/cookies");
    assert_eq!(ga["declaration"], Value::Null);
    let fr = cookie(&report, "fr");
    assert_eq!(fr["domain"], ".facebook.com");
    assert_eq!(fr["same_site"], "None");
    let pk = cookie(&report, "_pk_id.demo");
    assert_eq!(pk["declaration"], "_pk_id.*");
    assert_eq!(pk["http_only"], true);
    assert_eq!(pk["phase"], "before-consent");
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "_ga")
        .unwrap();
    for field in [
        "kind",
        "severity",
        "name",
        "domain",
        "set_by",
        "phase",
        "url",
        "declaration",
        "message",
    ] {
        assert!(finding.get(field).is_some(), "{field} missing in {finding}");
    }
    assert_eq!(finding["severity"], "error");
    assert!(finding["message"].as_str().unwrap().contains("script"));
}

#[test]
fn without_before_consent_presence_is_no_finding() {
    let (code, report) = audit(&[], "chromium-demo-no-middleware.har");
    assert_eq!(code, 1, "undeclared cookies stay errors");
    assert!(
        !findings(&report)
            .iter()
            .any(|(k, _, _)| k == "without-consent")
    );
    assert_eq!(cookie(&report, "_pk_id.demo")["phase"], "unknown");
    assert!(
        report["notes"][0]
            .as_str()
            .unwrap()
            .contains("--before-consent")
    );
}

#[test]
fn a_firefox_export_with_joined_headers_a_control_byte_and_an_encoded_name() {
    let (code, report) = audit(&["--before-consent"], "firefox-joined.har");
    assert_eq!(code, 1);
    // Three cookies from one joined header, none from the empty `response.cookies`.
    for name in ["csrftoken", "_pk_id.demo", "sessionid"] {
        assert_eq!(cookie(&report, name)["set_by"], "server", "{name}");
    }
    // The value with a raw control byte did not stop the file from being read.
    assert!(has(&report, "undeclared", "_fbp", "server"));
    // Reported as written.
    assert!(has(&report, "undeclared", "my%20cookie", "server"));
    // `sessionid` is declared Secure but sent without it: the library's own code.
    let nonconforming: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "nonconforming")
        .collect();
    assert_eq!(nonconforming.len(), 1, "{nonconforming:#?}");
    assert_eq!(nonconforming[0]["name"], "sessionid");
    assert_eq!(nonconforming[0]["code"], "secure-missing");
    // The time offset (+01:00) was read: two weeks from 10:00 UTC.
    assert_eq!(
        cookie(&report, "sessionid")["expires"],
        "2026-12-13T10:00:00Z"
    );
}

#[test]
fn a_sanitized_export_is_refused_with_what_to_do() {
    let declarations = fixture("demo-declarations.json");
    let out = run(&[
        "audit",
        "--declarations",
        declarations.to_str().unwrap(),
        fixture("sanitized.har").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("sanitized") && stderr.contains("with sensitive data"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_clean_export_passes() {
    let (code, report) = audit(&["--before-consent"], "clean.har");
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["cookies"].as_array().unwrap().len(), 4);
    // The deletion of `_pk_id.demo` put nothing in the browser.
    assert!(has(&report, "unseen", "_pk_id.*", "-"));
}

#[test]
fn every_format_shows_the_findings() {
    let declarations = fixture("demo-declarations.json");
    let har = fixture("chromium-demo-no-middleware.har");
    for (format, marker) in [
        ("text", "without-consent _pk_id.demo"),
        ("markdown", "| error | without-consent | `_pk_id.demo` |"),
        (
            "html",
            "<td class=\"error\">error</td><td>without-consent</td><td><code>_pk_id.demo</code>",
        ),
    ] {
        let out = run(&[
            "audit",
            "--declarations",
            declarations.to_str().unwrap(),
            "--before-consent",
            "--format",
            format,
            har.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{format}: {text}");
        // Not a terminal: no colour.
        assert!(!text.contains('\x1b'), "{format}");
        if format == "html" {
            assert!(text.starts_with("<!doctype html>") && !text.contains("<script"));
            assert!(text.contains("https://www.facebook.com/tr?id=1&amp;ev=PageView"));
        }
    }
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let declarations = fixture("demo-declarations.json");
    let har = fixture("clean.har");
    let missing = fixture("no-such-file.har");
    let not_declarations = fixture("clean.har");
    for args in [
        vec![
            "audit",
            "--declarations",
            declarations.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
        vec![
            "audit",
            "--declarations",
            not_declarations.to_str().unwrap(),
            har.to_str().unwrap(),
        ],
        vec![
            "audit",
            "--declarations",
            declarations.to_str().unwrap(),
            declarations.to_str().unwrap(),
        ],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
}

#[test]
fn the_help_documents_the_audit() {
    let out = run(&["audit", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--declarations",
        "--before-consent",
        "--crawl",
        "--max-pages",
        "--accept",
        "--refuse",
        "--format",
        "undeclared",
        "without-consent",
        "nonconforming",
        "unseen",
        "set by a script",
        "Exit status",
    ] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
}

/// A HAR whose response lists its cookies without the raw header (`response.cookies` only): a
/// cookie it deletes (an expiry in the past) sets nothing, as a deleting `Set-Cookie` line
/// sets nothing.
#[test]
fn a_response_cookie_that_deletes_sets_nothing() {
    let har = serde_json::json!({ "log": { "version": "1.2", "creator": { "name": "test", "version": "1" },
        "entries": [{
            "startedDateTime": "2026-11-29T10:00:00.000Z", "time": 1,
            "request": { "method": "GET", "url": "http://localhost:8080/", "httpVersion": "HTTP/1.1",
                "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0 },
            "response": { "status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [],
                "cookies": [
                    { "name": "django_language", "value": "en", "path": "/" },
                    { "name": "_fbp", "value": "", "path": "/", "expires": "1970-01-01T00:00:00.000Z" }
                ],
                "content": { "size": 0, "mimeType": "text/html" }, "redirectURL": "",
                "headersSize": -1, "bodySize": 0 },
            "cache": {}, "timings": { "send": 0, "wait": 1, "receive": 0 }
        }] } });
    let path = std::env::temp_dir().join(format!("deleting-{}.har", std::process::id()));
    std::fs::write(&path, har.to_string()).unwrap();
    let declarations = fixture("demo-declarations.json");
    let out = run(&[
        "audit",
        "--declarations",
        declarations.to_str().unwrap(),
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    std::fs::remove_file(&path).unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let names: Vec<&str> = report["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["django_language"], "{report:#}");
    assert!(!has(&report, "undeclared", "_fbp", "server"), "{report:#}");
}
