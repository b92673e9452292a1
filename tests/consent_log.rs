//! The consent log against real databases: a SQLite file, and a throw-away PostgreSQL cluster
//! per test (`tests/support/postgres.sh`: initdb as the `postgres` user, a free port). No mocks.
//!
//! Without PostgreSQL's server (Debian's `postgresql`) the PostgreSQL tests fail when `CI` is
//! set, and otherwise print a skip notice and pass.

#[path = "support/db.rs"]
mod db;
#[path = "../examples/herault_data/registry.rs"]
mod herault;

use std::collections::HashSet;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cookie_registry::consent::ConsentKey;
use cookie_registry::consent::form::{Choice, Submission};
use cookie_registry::consent_log::{ConsentForm, ConsentLog, ConsentRecord, LogError, Method};
use cookie_registry::{Category, CookieRegistry, Registry};
use db::{Postgres, TempDir, script};
use herault::HeraultCookie;

/// The reference registry plus one statistics cookie that needs consent, so that the banner
/// offers a box.
#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Matomo")]
enum Stats {
    #[cookie(
        name = "_pk_id.*",
        service = "Statistics",
        purpose = "Count visits",
        category = "statistics",
        lifetime = "13mo"
    )]
    Id,
}

fn registry() -> &'static Registry {
    static REGISTRY: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    REGISTRY
        .get_or_init(|| Registry::combine([HeraultCookie::registry(), Stats::registry()]).unwrap())
}

fn form() -> ConsentForm {
    let key = ConsentKey::from_bytes(&[9; 32]).unwrap();
    ConsentForm::new(registry(), key, HeraultCookie::Preferences.declaration())
        .policy_url("https://www.herault-data.fr/cookies")
}

fn submission(choice: Choice) -> Submission {
    Submission {
        choice,
        back: "/".to_owned(),
    }
}

async fn round_trip(url: &str) {
    let log = ConsentLog::connect(url).await.unwrap();
    // Migrations run on every start, and twice is harmless.
    let log2 = ConsentLog::connect(url).await.unwrap();
    let form = form();
    let t0 = UNIX_EPOCH + Duration::from_secs(1_767_225_600); // 2026-01-01
    let day = Duration::from_secs(86_400);
    let first = form
        .submit(&log, &submission(Choice::AcceptAll), None, "fr", t0)
        .await
        .unwrap();
    let second = form
        .submit(
            &log2,
            &submission(Choice::Custom(vec![])),
            Some(&first.consent),
            "en",
            t0 + day,
        )
        .await
        .unwrap();
    let third = form
        .submit(
            &log,
            &submission(Choice::Custom(vec![Category::Statistics])),
            None,
            "fr",
            t0 + 2 * day,
        )
        .await
        .unwrap();
    // Taking statistics back is a withdrawal, a new row.
    assert_eq!(second.record.method, Method::Withdraw);
    assert_eq!(first.record.method, Method::AcceptAll);
    assert_eq!(third.record.method, Method::Custom);

    let all = log.records(None).await.unwrap();
    assert_eq!(
        all,
        [
            first.record.clone(),
            second.record.clone(),
            third.record.clone()
        ]
    );
    // The banner offers statistics only: the records speak of nothing else.
    assert_eq!(form.offered(), [Category::Statistics]);
    assert_eq!(all[1].granted, [Category::Necessary]);
    assert_eq!(all[1].refused, [Category::Statistics]);
    let r = &all[2];
    assert_eq!(r.granted, [Category::Necessary, Category::Statistics]);
    assert!(r.refused.is_empty());
    assert_eq!(r.registry_version, registry().version());
    assert_eq!(
        r.policy_url.as_deref(),
        Some("https://www.herault-data.fr/cookies")
    );
    assert_eq!(r.given_at, t0 + 2 * day);
    // The cookie leads to the record.
    assert!(
        third.set_cookie.contains(
            &r.id
                .as_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        )
    );
    assert!(third.set_cookie.starts_with("cookies_preferences=2."));

    assert_eq!(log.records(Some(t0 + day)).await.unwrap().len(), 2);
    assert_eq!(log.purge_before(t0 + day).await.unwrap(), 1);
    assert_eq!(
        log.records(None).await.unwrap(),
        [second.record, third.record]
    );
    log.close().await;
    log2.close().await;
}

#[tokio::test]
async fn sqlite_keeps_every_choice_in_a_wal_file() {
    let dir = TempDir::new("round-trip");
    round_trip(&dir.url()).await;
    let mode = Command::new("sqlite3")
        .arg(dir.0.join("log.sqlite3"))
        .arg("PRAGMA journal_mode;")
        .output();
    if let Ok(out) = mode {
        if out.status.success() {
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "wal");
        }
    }
}

#[tokio::test]
async fn postgres_keeps_every_choice() {
    let Some(pg) = Postgres::start() else { return };
    round_trip(&pg.url).await;
}

/// 8 tasks × 1,000 choices: exactly 8,000 rows, none lost or half-written.
async fn concurrent(url: &str) {
    let log = ConsentLog::connect_with_timeout(url, Duration::from_secs(30))
        .await
        .unwrap();
    let form = Arc::new(form());
    let mut tasks = Vec::new();
    for t in 0..8 {
        let (log, form) = (log.clone(), form.clone());
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::with_capacity(1000);
            for i in 0..1000 {
                let choice = match (t + i) % 3 {
                    0 => Choice::AcceptAll,
                    1 => Choice::RefuseAll,
                    _ => Choice::Custom(vec![Category::Statistics]),
                };
                let accepted = form
                    .submit(&log, &submission(choice), None, "fr", SystemTime::now())
                    .await
                    .unwrap();
                ids.push(accepted.record.id);
            }
            ids
        }));
    }
    let mut ids = HashSet::new();
    for task in tasks {
        ids.extend(task.await.unwrap());
    }
    assert_eq!(ids.len(), 8000);
    let rows = log.records(None).await.unwrap();
    assert_eq!(rows.len(), 8000);
    assert_eq!(rows.iter().map(|r| r.id).collect::<HashSet<_>>(), ids);
    log.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_loses_nothing_under_concurrency() {
    let dir = TempDir::new("concurrent");
    concurrent(&dir.url()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_loses_nothing_under_concurrency() {
    let Some(pg) = Postgres::start() else { return };
    concurrent(&pg.url).await;
}

/// A locked SQLite database (another process writing, past the timeout): the choice is not
/// applied, and nothing is written; once the lock goes, choices are logged again.
#[tokio::test]
async fn sqlite_fails_closed_when_the_database_is_locked() {
    use sqlx::Connection;
    let dir = TempDir::new("locked");
    let log = ConsentLog::connect_with_timeout(&dir.url(), Duration::from_millis(300))
        .await
        .unwrap();
    let form = form();
    let mut other = sqlx::SqliteConnection::connect(&dir.url()).await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut other)
        .await
        .unwrap();
    let err = form
        .submit(
            &log,
            &submission(Choice::AcceptAll),
            None,
            "fr",
            SystemTime::now(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, LogError::Database(_) | LogError::Timeout(_)),
        "{err}"
    );
    sqlx::query("COMMIT").execute(&mut other).await.unwrap();
    assert!(log.records(None).await.unwrap().is_empty());
    form.submit(
        &log,
        &submission(Choice::AcceptAll),
        None,
        "fr",
        SystemTime::now(),
    )
    .await
    .unwrap();
    assert_eq!(log.records(None).await.unwrap().len(), 1);
}

/// The database stops in the middle of a run: every choice that was applied (a cookie given)
/// has its row; the choices made while it is down fail and give no cookie; after a restart,
/// choices are logged again.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_fails_closed_when_the_database_stops_mid_run() {
    let Some(pg) = Postgres::start() else { return };
    let log = ConsentLog::connect_with_timeout(&pg.url, Duration::from_secs(2))
        .await
        .unwrap();
    let form = Arc::new(form());
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (log, form, stop) = (log.clone(), form.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let (mut applied, mut refused) = (Vec::new(), 0usize);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match form
                    .submit(
                        &log,
                        &submission(Choice::AcceptAll),
                        None,
                        "fr",
                        SystemTime::now(),
                    )
                    .await
                {
                    Ok(a) => applied.push(a.record),
                    Err(_) => {
                        refused += 1;
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                }
            }
            (applied, refused)
        }));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    tokio::task::spawn_blocking({
        let dir = pg.dir.clone();
        move || assert!(script(&["stop", &dir]).status.success())
    })
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (mut applied, mut refused): (Vec<ConsentRecord>, usize) = (Vec::new(), 0);
    for task in tasks {
        let (a, r) = task.await.unwrap();
        applied.extend(a);
        refused += r;
    }
    assert!(
        !applied.is_empty() && refused > 0,
        "{} applied, {refused} refused",
        applied.len()
    );

    // Writes while down fail, with no cookie.
    let down = form
        .submit(
            &log,
            &submission(Choice::AcceptAll),
            None,
            "fr",
            SystemTime::now(),
        )
        .await;
    assert!(down.is_err());

    pg.restart();
    let rows = log.records(None).await.unwrap();
    let stored: HashSet<_> = rows.iter().map(|r| r.id).collect();
    // No cookie without its proof.
    for record in &applied {
        assert!(
            stored.contains(&record.id),
            "choice {} was applied but not logged",
            record.id
        );
    }
    // A commit whose answer the stop cut off leaves a row without a cookie (harmless): at most
    // one per writer.
    assert!(
        rows.len() - applied.len() <= 8,
        "{} rows, {} applied",
        rows.len(),
        applied.len()
    );
    eprintln!(
        "postgres stopped mid-run: {} choices applied and logged, {refused} refused while it was down, {} rows",
        applied.len(),
        rows.len()
    );
    form.submit(
        &log,
        &submission(Choice::RefuseAll),
        None,
        "fr",
        SystemTime::now(),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_bad_url_is_a_typed_error() {
    assert!(matches!(
        ConsentLog::connect("mysql://x").await,
        Err(LogError::Url(_))
    ));
    let dir = TempDir::new("missing");
    let missing = format!("sqlite://{}/no/such/dir/log.sqlite3", dir.0.display());
    assert!(ConsentLog::connect(&missing).await.is_err());
}
