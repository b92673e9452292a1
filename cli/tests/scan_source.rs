//! `cookie-registry scan-source` on a tree of realistic axum and actix-web code
//! (`tests/scan/`), against the demo's declarations: the findings are exactly the lines marked
//! `// expect: NAME`.

use std::path::Path;
use std::process::{Command, Output};

const DECLARATIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/demo-declarations.json"
);

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cookie-registry"))
        .args(args)
        .output()
        .unwrap()
}

/// `(file, line, name)` of every `// expect: NAME` marker under `dir`.
fn expected(dir: &Path) -> Vec<(String, u64, String)> {
    let mut out = Vec::new();
    for app in ["actix_app", "axum_app"] {
        let file = dir.join(app).join("src/main.rs");
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            if let Some((_, name)) = line.split_once("// expect: ") {
                out.push((
                    file.display().to_string(),
                    i as u64 + 1,
                    name.trim().to_owned(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_findings_are_the_marked_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scan");
    let out = run(&[
        "scan-source",
        "--declarations",
        DECLARATIONS,
        "--format",
        "json",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<(String, u64, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert!(f["column"].as_u64().unwrap() >= 1 && !f["how"].as_str().unwrap().is_empty());
            (
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(found, expected(&dir));
    assert_eq!(found.len(), 9);
}

#[test]
fn declared_code_passes_and_bad_input_is_2() {
    let dir = std::env::temp_dir().join(format!("scan-ok-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("lib.rs"),
        "fn f(jar: CookieJar) { jar.add(Cookie::new(\"sessionid\", \"1\")); }\n",
    )
    .unwrap();
    let out = run(&[
        "scan-source",
        "--declarations",
        DECLARATIONS,
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::write(dir.join("broken.rs"), "fn (").unwrap();
    let out = run(&[
        "scan-source",
        "--declarations",
        DECLARATIONS,
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.rs:1:"));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        run(&[
            "scan-source",
            "--declarations",
            DECLARATIONS,
            "/no/such/dir"
        ])
        .status
        .code(),
        Some(2)
    );
}
