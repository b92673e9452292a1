//! `cookie-registry export` through the command (the formats themselves are checked by the
//! real libraries in the workspace's tests/exports.rs).

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cookie-registry"))
        .args(args)
        .output()
        .unwrap()
}

const DECLARATIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/demo-declarations.json"
);

#[test]
fn tcf_discloses_every_declaration() {
    let out = run(&["export", "--to", "tcf", "--declarations", DECLARATIONS]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let disclosures = json["disclosures"].as_array().unwrap();
    assert_eq!(disclosures.len(), 5);
    let pk = disclosures
        .iter()
        .find(|d| d["identifier"] == "_pk_id.*")
        .unwrap();
    assert_eq!(pk["type"], "cookie");
    assert_eq!(pk["purposes"], serde_json::json!([1, 8, 9]));
    assert_eq!(pk["cookieRefresh"], false);
    let lang = disclosures
        .iter()
        .find(|d| d["identifier"] == "django_language")
        .unwrap();
    assert_eq!(lang["maxAgeSeconds"], 0);
    assert_eq!(lang["purposes"], serde_json::json!([]));
}

#[test]
fn a_language_the_declarations_lack_is_bad_input() {
    // The fixture is a policy JSON in English: English only.
    let out = run(&[
        "export",
        "--to",
        "cookieconsent",
        "--declarations",
        DECLARATIONS,
        "--lang",
        "fr",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no `fr` texts"));
    let out = run(&["export", "--to", "klaro", "--declarations", DECLARATIONS]);
    assert!(out.status.success());
    let klaro: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(klaro["lang"], "en");
    let services = klaro["services"].as_array().unwrap();
    let matomo = services
        .iter()
        .find(|s| s["purposes"] == serde_json::json!(["statistics"]))
        .unwrap();
    assert_eq!(matomo["cookies"], serde_json::json!(["^_pk_id\\..+$"]));
    assert_eq!(matomo["required"], false);
    assert!(services.iter().any(|s| s["required"] == true));
}
