//! Records per second into the consent log with 8 concurrent writers, in SQLite (a file, WAL,
//! `synchronous=FULL`) and in PostgreSQL (a throw-away cluster from `tests/support/postgres.sh`,
//! `fsync=on`): each writer submits choices through `ConsentForm::submit`, as the demo's form
//! handler does (signing, the cookie, the record). Three runs each.
//!
//! `cargo bench --bench consent_log` (PostgreSQL is skipped with a notice when its server is
//! not installed).

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use cookie_registry::consent::ConsentKey;
use cookie_registry::consent::form::{Choice, Submission};
use cookie_registry::consent_log::{ConsentForm, ConsentLog};
use cookie_registry::{CookieRegistry, Registry};

#[path = "../examples/herault_data/registry.rs"]
mod herault;

const WRITERS: usize = 8;
const PER_WRITER: usize = 500;

fn form() -> Arc<ConsentForm> {
    let registry: &'static Registry = herault::HeraultCookie::registry();
    let key = ConsentKey::from_bytes(&[5; 32]).unwrap();
    Arc::new(ConsentForm::new(
        registry,
        key,
        herault::HeraultCookie::Preferences.declaration(),
    ))
}

async fn run(url: &str) -> f64 {
    let log = ConsentLog::connect_with_timeout(url, Duration::from_secs(60))
        .await
        .unwrap();
    let form = form();
    let start = Instant::now();
    let tasks: Vec<_> = (0..WRITERS)
        .map(|_| {
            let (log, form) = (log.clone(), form.clone());
            tokio::spawn(async move {
                let submission = Submission {
                    choice: Choice::AcceptAll,
                    back: "/".to_owned(),
                };
                for _ in 0..PER_WRITER {
                    form.submit(&log, &submission, None, "fr", SystemTime::now())
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let rate = (WRITERS * PER_WRITER) as f64 / start.elapsed().as_secs_f64();
    log.close().await;
    rate
}

fn script(args: &[&str]) -> Option<String> {
    let out = Command::new("bash")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/postgres.sh"
        ))
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: run once, briefly.
    let quick = !std::env::args().any(|a| a == "--bench");
    let runs = if quick { 1 } else { 3 };
    let dir = std::env::temp_dir().join(format!("consent-log-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..runs {
        let url = format!("sqlite://{}/run{i}.sqlite3", dir.display());
        println!(
            "consent_log sqlite   {WRITERS} writers: {:>8.0} records/s",
            run(&url).await
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    match script(&["start"]) {
        Some(text) => {
            let (pgdir, url) = text.trim().split_once('\n').unwrap();
            for _ in 0..runs {
                println!(
                    "consent_log postgres {WRITERS} writers: {:>8.0} records/s",
                    run(url).await
                );
            }
            script(&["destroy", pgdir]);
        }
        None => println!("consent_log postgres: SKIPPED (no PostgreSQL server installed)"),
    }
}
