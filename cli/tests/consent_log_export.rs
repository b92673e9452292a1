//! `cookie-registry consent-log export` on a real SQLite log and a throw-away PostgreSQL
//! cluster (the workspace's `tests/support/postgres.sh`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, UNIX_EPOCH};

use cookie_registry::consent::{Consent, ConsentId};
use cookie_registry::consent_log::{ConsentLog, ConsentRecord, Method};
use cookie_registry::{Category, Registry};

fn registry() -> &'static Registry {
    Registry::from_policy_json(include_str!("fixtures/demo-declarations.json")).unwrap()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cookie-registry"))
        .args(args)
        .output()
        .expect("the command runs")
}

/// Three choices on 2026-01-01, 01-02 and 01-03.
async fn fill(url: &str) -> Vec<ConsentRecord> {
    let log = ConsentLog::connect(url).await.unwrap();
    let registry = registry();
    let day = 86_400;
    let mut records = Vec::new();
    for (i, (categories, method)) in [
        (vec![Category::Statistics], Method::Custom),
        (vec![], Method::Withdraw),
        (Category::ALL.to_vec(), Method::AcceptAll),
    ]
    .into_iter()
    .enumerate()
    {
        let at = UNIX_EPOCH + Duration::from_secs(1_767_225_600 + i as u64 * day);
        let consent = Consent::new(categories, registry, at).with_id(ConsentId::random().unwrap());
        let policy = (i != 1).then_some("https://example.org/cookies");
        let offered = [
            Category::Preferences,
            Category::Statistics,
            Category::Marketing,
        ];
        let record = ConsentRecord::of(&consent, &offered, method, "fr", policy).unwrap();
        log.record(&record).await.unwrap();
        records.push(record);
    }
    log.close().await;
    records
}

fn check_exports(url: &str, records: &[ConsentRecord]) {
    let out = run(&["consent-log", "export", "--db", url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "id,given_at,registry_version,granted,refused,method,language,policy_url"
    );
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[1],
        format!(
            "{},2026-01-01T00:00:00Z,912ae333c8520ceb,\"necessary,statistics\",\"preferences,marketing\",custom,fr,https://example.org/cookies",
            records[0].id
        )
    );
    assert!(lines[2].ends_with(",withdraw,fr,"), "{}", lines[2]);

    let out = run(&[
        "consent-log",
        "export",
        "--db",
        url,
        "--since",
        "2026-01-02",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema"], "cookie-registry/consent-log/1");
    let rows = json["records"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], records[1].id.to_string());
    assert_eq!(rows[0]["policy_url"], serde_json::Value::Null);
    assert_eq!(rows[1]["given_at"], "2026-01-03T00:00:00Z");
    assert_eq!(
        rows[1]["granted"],
        "necessary,preferences,statistics,marketing"
    );
    assert_eq!(rows[1]["refused"], "");
}

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sqlite_log_exports_as_csv_and_json() {
    let dir = Dir(std::env::temp_dir().join(format!("export-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).unwrap();
    let url = format!("sqlite://{}", dir.0.join("log.sqlite3").display());
    let records = fill(&url).await;
    let url2 = url.clone();
    tokio::task::spawn_blocking(move || check_exports(&url2, &records))
        .await
        .unwrap();

    // Reading creates nothing: a missing log is an error, exit 2.
    let missing = format!("sqlite://{}", dir.0.join("missing.sqlite3").display());
    let out = run(&["consent-log", "export", "--db", &missing]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.0.join("missing.sqlite3").exists());
    // A bad --since is refused by the parser (exit 2).
    assert_eq!(
        run(&["consent-log", "export", "--db", &url, "--since", "soon"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["consent-log", "export", "--db", "mysql://x"])
            .status
            .code(),
        Some(2)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_postgres_log_exports_the_same() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/support/postgres.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg("start")
        .output()
        .unwrap();
    if !out.status.success() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but PostgreSQL cannot start"
        );
        eprintln!("SKIPPED: no PostgreSQL server for the export test");
        return;
    }
    let text = String::from_utf8(out.stdout).unwrap();
    let (dir, url) = text.trim().split_once('\n').unwrap();
    struct Cluster<'a>(&'a Path, &'a str);
    impl Drop for Cluster<'_> {
        fn drop(&mut self) {
            let _ = Command::new("bash")
                .arg(self.0)
                .args(["destroy", self.1])
                .status();
        }
    }
    let _cluster = Cluster(&script, dir);
    let records = fill(url).await;
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || check_exports(&url, &records))
        .await
        .unwrap();
}
