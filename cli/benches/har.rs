//! Auditing a large HAR: 10,000 entries and 50,000 cookie observations (every request carries
//! four cookies, and every tenth response sets ten), read, matched and checked, from the file's
//! bytes to the report. The issue's bound is one second.

use std::hint::black_box;

use cookie_registry::Registry;
use cookie_registry::audit::{Audit, Phase};
use cookie_registry_cli::har::{self, Har};
use criterion::{Criterion, criterion_group, criterion_main};

const DECLARATIONS: &str = include_str!("../tests/fixtures/demo-declarations.json");

/// The HAR file and how many cookie observations it holds.
fn large_har() -> (String, usize) {
    let mut entries = Vec::new();
    let mut observations = 0;
    for i in 0..10_000 {
        let sets: Vec<String> = if i % 10 == 0 {
            (0..10)
                .map(|k| match k % 3 {
                    0 => format!(
                        "sessionid=s{i}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=1209600"
                    ),
                    1 => format!("_pk_id.{k}.ab{i}=v; Path=/; Max-Age=3600"),
                    _ => format!("tracker_{k}=x{i}; Path=/"),
                })
                .collect()
        } else {
            Vec::new()
        };
        observations += 4 + sets.len();
        let set_cookie = if sets.is_empty() {
            String::new()
        } else {
            format!(
                r#"{{"name": "Set-Cookie", "value": {}}}"#,
                serde_json::to_string(&sets.join("\n")).unwrap()
            )
        };
        entries.push(format!(
            r#"{{"startedDateTime": "2026-11-29T10:00:{:02}.000Z", "time": 12,
  "request": {{"method": "GET", "url": "https://demo.example/page/{i}", "httpVersion": "HTTP/1.1",
    "headers": [{{"name": "Cookie", "value": "sessionid=s1; csrftoken=c{i}; _ga=GA1.1.{i}; _pk_id.1.ab=v"}}],
    "cookies": [], "queryString": [], "headersSize": -1, "bodySize": 0}},
  "response": {{"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
    "headers": [{set_cookie}], "cookies": [], "content": {{"size": 0, "mimeType": "text/html"}},
    "redirectURL": "", "headersSize": -1, "bodySize": 0}}}}"#,
            i % 60
        ));
    }
    let har = format!(
        r#"{{"log": {{"version": "1.2", "creator": {{"name": "bench", "version": "1"}}, "entries": [{}]}}}}"#,
        entries.join(",\n")
    );
    (har, observations)
}

fn bench(c: &mut Criterion) {
    let registry: &'static Registry = Registry::from_policy_json(DECLARATIONS).unwrap();
    let (text, observations) = large_har();
    assert!(observations >= 50_000, "{observations}");
    let mut group = c.benchmark_group("har");
    group.sample_size(10);
    group.bench_function("audit 10,000 entries, 50,000 cookies", |b| {
        b.iter(|| {
            let har = Har::from_slice(text.as_bytes()).unwrap();
            let mut audit = Audit::new(registry);
            har::observations(std::slice::from_ref(&har), Phase::BeforeConsent, |o| {
                audit.observe(o)
            });
            black_box(audit.finish())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
