//! The demo's consent form with its log, through the real servers: two demo servers (axum and
//! actix-web) against one PostgreSQL database, bad form input, and the database stopping.

#[path = "support/db.rs"]
mod db;
#[path = "support/demo.rs"]
mod demo;

use std::collections::HashSet;

use cookie_registry::consent::ConsentId;
use cookie_registry::consent_log::ConsentLog;
use db::{Postgres, TempDir};

/// The id inside a `cookies_preferences=2.<id>....` Set-Cookie of `response`, if any.
fn consent_id(response: &demo::Response) -> Option<ConsentId> {
    response
        .all("set-cookie")
        .into_iter()
        .find_map(|c| c.strip_prefix("cookies_preferences=2."))
        .and_then(|rest| rest.get(..32))
        .and_then(|hex| hex.parse().ok())
}

fn rows(url: &str) -> Vec<cookie_registry::consent_log::ConsentRecord> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let log = ConsentLog::connect(url).await.unwrap();
        let rows = log.records(None).await.unwrap();
        log.close().await;
        rows
    })
}

#[test]
fn two_servers_one_postgres_forty_visitors_forty_rows() {
    let Some(pg) = Postgres::start() else { return };
    let work = TempDir::new("two-servers");
    let servers = [
        demo::start("site", &["--consent-log", &pg.url], &work.0),
        demo::start("actix_site", &["--consent-log", &pg.url], &work.0),
    ];
    let ports: Vec<u16> = servers.iter().map(|s| s.port).collect();
    let visitors: Vec<_> = (0..40)
        .map(|i| {
            let port = ports[i % 2];
            std::thread::spawn(move || {
                let form: &[u8] = match i % 4 {
                    0 => b"choice=accept&back=%2F",
                    1 => b"choice=refuse&back=%2Fcookies",
                    2 => b"choice=save&category=statistics",
                    _ => b"choice=save",
                };
                let response = demo::request(port, "/consent", Some(form), None);
                assert_eq!(response.status, 303, "visitor {i}: {}", response.body);
                consent_id(&response).unwrap_or_else(|| panic!("visitor {i}: no consent cookie"))
            })
        })
        .collect();
    let ids: HashSet<ConsentId> = visitors.into_iter().map(|v| v.join().unwrap()).collect();
    assert_eq!(ids.len(), 40);
    let rows = rows(&pg.url);
    assert_eq!(rows.len(), 40);
    assert_eq!(rows.iter().map(|r| r.id).collect::<HashSet<_>>(), ids);
    let methods: HashSet<&str> = rows.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(
        methods,
        HashSet::from(["accept-all", "refuse-all", "custom"])
    );
    assert!(
        rows.iter()
            .all(|r| r.language == "fr" && r.policy_url.as_deref() == Some("/cookies"))
    );
}

#[test]
fn bad_form_input_gets_a_400_and_no_record() {
    let work = TempDir::new("bad-input");
    for example in ["site", "actix_site"] {
        let url = format!("sqlite://{}/{example}.sqlite3", work.0.display());
        let server = demo::start(example, &["--consent-log", &url], &work.0);
        let oversized = format!("choice=accept&pad={}", "x".repeat(8 * 1024));
        let huge = format!("choice=accept&pad={}", "x".repeat(1024 * 1024));
        for body in [
            &b"choice=save&category=advertising"[..],
            b"choice=save&category=necessary",
            b"choice=accept&choice=refuse",
            b"choice=save&category=statistics&category=statistics",
            b"choice=maybe",
            b"back=%2F",
            oversized.as_bytes(),
            huge.as_bytes(),
        ] {
            let response = demo::request(server.port, "/consent", Some(body), None);
            let shown = String::from_utf8_lossy(&body[..body.len().min(60)]);
            assert_eq!(
                response.status, 400,
                "{example}: {shown}: {}",
                response.body
            );
            assert!(consent_id(&response).is_none(), "{example}: {shown}");
        }
        assert!(rows(&url).is_empty(), "{example}: a bad form left a record");
        let good = demo::request(server.port, "/consent", Some(b"choice=refuse"), None);
        assert_eq!(good.status, 303);
        let id = consent_id(&good).unwrap();
        assert_eq!(rows(&url).iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    }
}

#[test]
fn the_demo_applies_no_choice_while_postgres_is_down() {
    let Some(pg) = Postgres::start() else { return };
    let work = TempDir::new("down");
    let server = demo::start("site", &["--consent-log", &pg.url], &work.0);
    let before = demo::request(server.port, "/consent", Some(b"choice=accept"), None);
    assert_eq!(before.status, 303);

    pg.stop();
    let down = demo::request(
        server.port,
        "/consent",
        Some(b"choice=accept&back=%2Ftracker"),
        None,
    );
    assert_eq!(down.status, 503);
    assert!(
        consent_id(&down).is_none(),
        "a consent cookie without its proof"
    );
    assert!(down.body.contains("id=\"consent-error\""), "{}", down.body);
    // The form is there again, to try once more.
    assert!(down.body.contains("id=\"accept-all\""));

    pg.restart();
    let after = demo::request(server.port, "/consent", Some(b"choice=refuse"), None);
    assert_eq!(after.status, 303, "{}", after.body);
    let ids: Vec<_> = rows(&pg.url).iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 2);
    assert!(
        ids.contains(&consent_id(&before).unwrap()) && ids.contains(&consent_id(&after).unwrap())
    );
}
