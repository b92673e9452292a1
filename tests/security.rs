//! Regressions of the adversarial review of the enforcing middleware (issue 8): each test
//! failed on commit 6e41432.
//!
//! 1. An `Expires` with a year below 100 (`0069`) was read as a date of the first millennium:
//!    the header passed for a deletion, past the consent gate and the declaration.
//! 2. One non-ASCII byte in the request's `Cookie` header made the middleware skip the whole
//!    header, and so forget the visitor's consent.
//! 3. Withdrawal deletions were unbounded: one per matching name in the request.
//! 4. With two consent records, the first one listed won, not the newest.
//! 5. Smaller faults: an overflowing lifetime, a withdrawn cookie whose name no deletion can
//!    carry, report mode silent about withdrawn cookies.

#[path = "support/site.rs"]
mod site;

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use cookie_registry::consent::Consent;
use cookie_registry::middleware::{Action, CookieLayer, Event, Mode, Reason};
use cookie_registry::{Category, Lifetime, LifetimeUnit, SetCookie};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response};
use site::{Site, key, registry};
use tower::{ServiceBuilder, ServiceExt};

/// The outcome of one request through the layer: the `Set-Cookie` headers of the response,
/// the events, and the consent the application saw.
struct Outcome {
    set_cookie: Vec<String>,
    events: Vec<Event>,
    consent: Option<Consent>,
}

/// Sends a request with these `Cookie` header values (raw bytes) to an app that sets `set`.
fn run(layer: CookieLayer, cookies: &[&[u8]], set: &[&str]) -> Outcome {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let layer = layer.on_event(move |e| sink.lock().unwrap().push(e.clone()));
    let set: Vec<String> = set.iter().map(|s| (*s).to_owned()).collect();
    let seen = Arc::new(Mutex::new(None));
    let seen_by_app = seen.clone();
    let app = tower::service_fn(move |req: Request<()>| {
        *seen_by_app.lock().unwrap() = req.extensions().get::<Consent>().copied();
        let set = set.clone();
        async move {
            let mut response = Response::new(());
            for s in &set {
                response
                    .headers_mut()
                    .append(SET_COOKIE, HeaderValue::from_str(s).unwrap());
            }
            Ok::<_, Infallible>(response)
        }
    });
    let service = ServiceBuilder::new().layer(layer).service(app);
    let mut request = Request::new(());
    for c in cookies {
        request
            .headers_mut()
            .append(COOKIE, HeaderValue::from_bytes(c).unwrap());
    }
    let response = tokio_test::block_on(service.oneshot(request)).unwrap();
    let set_cookie = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    let events = events.lock().unwrap().clone();
    let consent = *seen.lock().unwrap();
    Outcome {
        set_cookie,
        events,
        consent,
    }
}

fn enforcing() -> CookieLayer {
    CookieLayer::new(registry())
        .mode(Mode::Enforce)
        .consent(Site::Consent, key())
}

fn record(categories: &[Category], at: SystemTime) -> String {
    format!(
        "consent={}",
        Consent::new(categories.iter().copied(), registry(), at).encode(&key())
    )
}

fn reasons(events: &[Event]) -> Vec<(Reason, Action, &str)> {
    events
        .iter()
        .map(|e| (e.reason, e.action, e.cookie.as_str()))
        .collect()
}

// 1. Expires years below 100.

const YEAR_0069: &str = "Tue, 01 Jan 0069 00:00:00 GMT";

#[test]
fn a_year_0069_is_2069_as_browsers_read_it() {
    let header = format!("_pk_id.1=t; Path=/; HttpOnly; Expires={YEAR_0069}");
    let cookie = SetCookie::parse(&header).unwrap();
    // 2069-01-01T00:00:00Z, not 0069.
    assert_eq!(cookie.expires(), Some(3_124_224_000));
    assert!(!cookie.is_removal_at(1_800_000_000));
}

/// Days from 1970-01-01 to a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// An `Expires` 30 days from now written with the year as `00YY`, with the day name of that
/// date in the year YY AD (so that the old fast path took it): browsers read it as 30 days
/// from now, within the declared 13 months.
fn expires_in_30_days_with_a_short_year() -> String {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let target = now / 86_400 + 30;
    // The civil date of `target`: search the year, then the month.
    let mut year = 1970 + target / 366;
    while days_from_civil(year + 1, 1, 1) <= target {
        year += 1;
    }
    let mut month = 1;
    while month < 12 && days_from_civil(year, month + 1, 1) <= target {
        month += 1;
    }
    let day = target - days_from_civil(year, month, 1) + 1;
    assert!(
        (2000..=2069).contains(&year),
        "the test needs a year browsers read from 00YY"
    );
    let short = year - 2000;
    let names = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let name = names[days_from_civil(short, month, day).rem_euclid(7) as usize];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{name}, {day:02} {} {short:04} 00:00:00 GMT",
        months[month as usize - 1]
    )
}

/// `ts` (seconds since the epoch) as an IMF-fixdate.
fn imf(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let mut year = 1970 + days / 366;
    while days_from_civil(year + 1, 1, 1) <= days {
        year += 1;
    }
    let mut month = 1;
    while month < 12 && days_from_civil(year, month + 1, 1) <= days {
        month += 1;
    }
    let day = days - days_from_civil(year, month, 1) + 1;
    let names = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        names[days.rem_euclid(7) as usize],
        months[month as usize - 1],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Review of issue 8's fix: an `Expires` just past is a deletion by the server's clock, but a
/// browser whose clock is behind stores the cookie. Only a day or more counts.
#[test]
fn an_expires_just_past_is_no_deletion_for_the_consent_gate() {
    assert_eq!(imf(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
    let just_past = format!(
        "_pk_id.1=t; Path=/; HttpOnly; Expires={}",
        imf(now_secs() - 60)
    );
    let out = run(enforcing(), &[], &[&just_past]);
    assert!(out.set_cookie.is_empty(), "{:?}", out.set_cookie);
    assert_eq!(
        reasons(&out.events),
        [(Reason::Unconsented, Action::Removed, "_pk_id.1")]
    );
    // Two days past: a deletion, welcome without consent.
    let past = format!(
        "_pk_id.1=; Path=/; HttpOnly; Expires={}",
        imf(now_secs() - 2 * 86_400)
    );
    assert_eq!(run(enforcing(), &[], &[&past]).set_cookie, [past]);
}

#[test]
fn an_unconsented_cookie_with_a_short_year_is_removed() {
    let expires = expires_in_30_days_with_a_short_year();
    let header = format!("_pk_id.1=t; Path=/; HttpOnly; Expires={expires}");
    // It conforms to its declaration (the lint only warns about the year): only the consent
    // gate stops it.
    let checked = registry().check(&header).unwrap();
    assert!(checked.warnings().contains("expires-year-not-four-digits"));
    let out = run(enforcing(), &[], &[&header]);
    assert!(out.set_cookie.is_empty(), "{:?}", out.set_cookie);
    assert_eq!(
        reasons(&out.events),
        [(Reason::Unconsented, Action::Removed, "_pk_id.1")]
    );
    // With statistics granted, it passes.
    let granted = record(&[Category::Statistics], SystemTime::now());
    let out = run(enforcing(), &[granted.as_bytes()], &[&header]);
    assert_eq!(out.set_cookie, [header]);
}

#[test]
fn a_year_0069_does_not_hide_a_broken_declaration() {
    // A session cookie made persistent, and a declared HttpOnly dropped.
    let session = format!("lang=fr; Path=/; Expires={YEAR_0069}");
    let no_http_only = format!("sessionid=x; Path=/; SameSite=Lax; Expires={YEAR_0069}");
    let out = run(enforcing(), &[], &[&session, &no_http_only]);
    assert!(out.set_cookie.is_empty(), "{:?}", out.set_cookie);
    let codes: Vec<Vec<&str>> = out
        .events
        .iter()
        .map(|e| {
            e.violations
                .as_ref()
                .unwrap()
                .iter()
                .map(|v| v.code())
                .collect()
        })
        .collect();
    assert!(
        codes[0].contains(&"persistent-cookie-declared-session"),
        "{codes:?}"
    );
    assert!(codes[1].contains(&"http-only-missing"), "{codes:?}");
    assert!(
        out.events
            .iter()
            .all(|e| e.reason == Reason::NonConforming && e.action == Action::Removed)
    );
}

#[test]
fn a_real_deletion_passes_but_only_with_the_declared_path() {
    let deletion = "_pk_id.1=; Path=/; HttpOnly; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
    assert_eq!(run(enforcing(), &[], &[deletion]).set_cookie, [deletion]);
    let elsewhere = "_pk_id.1=; Path=/other; HttpOnly; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
    let out = run(enforcing(), &[], &[elsewhere]);
    assert!(out.set_cookie.is_empty());
    assert!(
        out.events[0]
            .violations
            .as_ref()
            .unwrap()
            .contains("path-mismatch")
    );
}

#[test]
fn the_lint_warns_about_years_that_are_not_four_digits_from_1601() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    for (expires, warned) in [
        (YEAR_0069, true),
        ("Sunday, 06-Nov-94 08:49:37 GMT", true),
        ("Thu, 01 Jan 0070 00:00:00 GMT", true),
        ("Sun, 06 Nov 1994 08:49:37 GMT", false),
        ("Mon, 01 Jan 2029 00:00:00 GMT", false),
        // Unreadable: another warning.
        ("Fri, 01 Jan 0100 00:00:00 GMT", false),
    ] {
        let header = format!("id=1; Expires={expires}");
        let found = cookie_registry::lint_at(&header, now)
            .unwrap()
            .warnings()
            .contains("expires-year-not-four-digits");
        assert_eq!(found, warned, "{expires}");
    }
    // Every Expires is looked at: browsers keep the last readable one, here the first.
    let repeated = format!("id=1; Expires={YEAR_0069}; Expires=junk");
    let linted = cookie_registry::lint_at(&repeated, now).unwrap();
    assert!(linted.warnings().contains("expires-year-not-four-digits"));
    let header = format!("id=1; Expires={YEAR_0069}");
    let linted = cookie_registry::lint_at(&header, now).unwrap();
    let message = linted
        .warnings()
        .iter()
        .find(|v| v.code() == "expires-year-not-four-digits")
        .unwrap()
        .message()
        .to_owned();
    assert!(message.contains("`0069` as 2069"), "{message}");
}

// 2. Non-ASCII bytes in the request's Cookie header.

#[test]
fn non_ascii_request_cookies_do_not_hide_the_consent() {
    let granted = record(&[Category::Statistics], SystemTime::now());
    let stats = "_pk_id.1=v; Max-Age=86400; Path=/; HttpOnly";
    for header in [
        format!("city=B\u{e9}ziers; {granted}").into_bytes(),
        [&b"city=B\xe9ziers; "[..], granted.as_bytes()].concat(),
        format!(";; novalue; =x; {granted}; ;").into_bytes(),
    ] {
        let out = run(enforcing(), &[&header], &[stats]);
        assert_eq!(
            out.set_cookie,
            [stats],
            "{}",
            String::from_utf8_lossy(&header)
        );
        assert!(out.consent.is_some_and(|c| c.grants(Category::Statistics)));
        assert!(out.events.is_empty(), "{:?}", out.events);
    }
}

#[test]
fn several_cookie_headers_are_read_together() {
    // HTTP/2 sends one Cookie field per cookie.
    let refused = record(&[], SystemTime::now());
    let out = run(
        enforcing(),
        &[b"city=B\xc3\xa9ziers", refused.as_bytes(), b"_pk_id.7=v"],
        &[],
    );
    assert_eq!(out.set_cookie, ["_pk_id.7=; HttpOnly; Path=/; Max-Age=0"]);
    assert!(out.consent.is_some_and(|c| !c.grants(Category::Statistics)));
}

#[test]
fn withdrawal_still_works_beside_non_ascii_cookies() {
    let refused = record(&[], SystemTime::now());
    let header = [&b"_pk_id.1=v; city=B\xe9ziers; "[..], refused.as_bytes()].concat();
    let out = run(enforcing(), &[&header], &[]);
    assert_eq!(out.set_cookie, ["_pk_id.1=; HttpOnly; Path=/; Max-Age=0"]);
    assert_eq!(
        reasons(&out.events),
        [(Reason::Withdrawn, Action::DeletionAdded, "_pk_id.1")]
    );
}

// 3. Withdrawal deletions are bounded.

/// A `Cookie` header of about `size` bytes: the refusal, then `_pk_id.N=x` pairs.
fn many_withdrawn(size: usize) -> (Vec<u8>, usize) {
    let mut header = record(&[], SystemTime::now()).into_bytes();
    let mut n = 0;
    while header.len() < size {
        header.extend_from_slice(format!("; _pk_id.{n}=x").as_bytes());
        n += 1;
    }
    (header, n)
}

#[test]
fn withdrawal_deletions_are_bounded() {
    for size in [64 * 1024, 1024 * 1024] {
        let (header, pairs) = many_withdrawn(size);
        let out = run(enforcing(), &[&header], &[]);
        assert_eq!(out.set_cookie.len(), CookieLayer::DEFAULT_MAX_DELETIONS);
        assert_eq!(out.events.len(), CookieLayer::DEFAULT_MAX_DELETIONS + 1);
        let last = out.events.last().unwrap();
        assert_eq!(last.reason, Reason::DeletionLimit);
        let left = pairs - CookieLayer::DEFAULT_MAX_DELETIONS;
        assert!(
            last.header.starts_with(&format!("{left} more")),
            "{}",
            last.header
        );
    }
    // Configurable; a name repeated counts once.
    let refused = record(&[], SystemTime::now());
    let header = format!("{refused}; _pk_id.1=a; _pk_id.1=b; _pk_id.2=c; _pk_id.3=d");
    let out = run(enforcing().max_deletions(2), &[header.as_bytes()], &[]);
    assert_eq!(
        out.set_cookie,
        [
            "_pk_id.1=; HttpOnly; Path=/; Max-Age=0",
            "_pk_id.2=; HttpOnly; Path=/; Max-Age=0"
        ]
    );
    assert_eq!(out.events.last().unwrap().reason, Reason::DeletionLimit);
    assert!(out.events.last().unwrap().header.starts_with("1 more"));
}

/// The first pass over the `Cookie` headers holds only the first few cookies that need a
/// consent and reads the headers again past them: the deletions are the same whatever their
/// number, wherever the consent record stands, with repeated names and necessary cookies
/// between them, below and past the bound.
#[test]
fn withdrawals_do_not_depend_on_where_the_record_stands() {
    let now = SystemTime::now();
    for granted in [false, true] {
        let grant: &[Category] = if granted {
            &[Category::Statistics]
        } else {
            &[]
        };
        let record = record(grant, now);
        for count in [0usize, 1, 7, 8, 9, 12, 20] {
            for at in [0, count / 2, count] {
                for max in [2usize, 8, 10, 32] {
                    // `_pk_id.N` for N in 0..count, `_pk_id.0` again at the end, a necessary
                    // cookie after every third, the record at `at`.
                    let mut pairs: Vec<String> = Vec::new();
                    for i in 0..count {
                        if i == at {
                            pairs.push(record.clone());
                        }
                        pairs.push(format!("_pk_id.{i}=v"));
                        if i % 3 == 2 {
                            pairs.push("lang=fr".to_owned());
                        }
                    }
                    if count > 0 {
                        pairs.push("_pk_id.0=w".to_owned());
                    }
                    if at >= count {
                        pairs.push(record.clone());
                    }
                    let header = pairs.join("; ");
                    let out = run(enforcing().max_deletions(max), &[header.as_bytes()], &[]);
                    let case =
                        format!("granted {granted}, {count} cookies, record at {at}, bound {max}");
                    let withdrawn = if granted { 0 } else { count };
                    let want: Vec<String> = (0..withdrawn.min(max))
                        .map(|i| format!("_pk_id.{i}=; HttpOnly; Path=/; Max-Age=0"))
                        .collect();
                    assert_eq!(out.set_cookie, want, "{case}");
                    let limit = out
                        .events
                        .iter()
                        .find(|e| e.reason == Reason::DeletionLimit);
                    match withdrawn.checked_sub(max).filter(|&n| n > 0) {
                        // The repeated `_pk_id.0` was deleted already: not counted again.
                        Some(left) => {
                            let limit = limit.unwrap_or_else(|| panic!("{case}"));
                            assert!(
                                limit.header.starts_with(&format!("{left} more")),
                                "{case}: {}",
                                limit.header
                            );
                        }
                        None => assert!(limit.is_none(), "{case}"),
                    }
                }
            }
        }
    }
}

/// The outcome as compared across runs: the headers, the events' reasons and cookies, and
/// the consent the application saw.
type Summary = (Vec<String>, Vec<(Reason, Action, String)>, Option<Consent>);

fn summary(out: &Outcome) -> Summary {
    let events = reasons(&out.events)
        .into_iter()
        .map(|(r, a, c)| (r, a, c.to_owned()))
        .collect();
    (out.set_cookie.clone(), events, out.consent)
}

/// A browser sends the same `Cookie` header with every request of a page, and the reading of
/// one is remembered per thread: a repeated header gives what it gave the first time, and
/// what a thread that never saw it gives. Records granted, refused, forged, too old and
/// several; cookies below and past the bound and the held count; headers past the cached
/// length.
#[test]
fn a_repeated_cookie_header_reads_as_the_first_time() {
    let now = SystemTime::now();
    let granted = record(&[Category::Statistics], now);
    let refused = record(&[], now);
    let old = record(
        &[Category::Statistics],
        now - Duration::from_secs(400 * 86_400),
    );
    let forged = granted.replace("consent=", "consent=x");
    let mut headers: Vec<String> = Vec::new();
    for records in [
        vec![],
        vec![&granted],
        vec![&refused],
        vec![&old],
        vec![&forged],
        vec![&refused, &granted],
        vec![&forged, &granted, &refused],
    ] {
        for count in [0usize, 1, 3, 8, 9, 20] {
            let mut pairs: Vec<String> = (0..count).map(|i| format!("_pk_id.{i}=v")).collect();
            pairs.insert(0, "lang=fr".to_owned());
            for (i, r) in records.iter().enumerate() {
                pairs.insert((i * 2).min(pairs.len()), (*r).clone());
            }
            headers.push(pairs.join("; "));
        }
    }
    // Past the cached length (512 bytes), and a name repeated.
    headers.push(format!("{granted}; big={}; _pk_id.1=v", "x".repeat(600)));
    headers.push(format!("{refused}; _pk_id.1=v; _pk_id.1=w"));
    let layer = enforcing().max_deletions(4);
    let stats = "_pk_id.9=v; Max-Age=86400; Path=/; HttpOnly";
    for header in &headers {
        let first = summary(&run(layer.clone(), &[header.as_bytes()], &[stats]));
        let again = summary(&run(layer.clone(), &[header.as_bytes()], &[stats]));
        let (elsewhere, sent) = (layer.clone(), header.clone());
        let fresh =
            std::thread::spawn(move || summary(&run(elsewhere, &[sent.as_bytes()], &[stats])))
                .join()
                .unwrap();
        assert_eq!(again, first, "{header}");
        assert_eq!(fresh, first, "{header}");
    }
}

/// What is remembered of a header does not carry its records' age: a layer that accepts
/// records an hour old and one that accepts them for a minute read the same header, in turn,
/// on one thread, each by its own rule.
#[test]
fn a_remembered_header_still_has_its_records_age_checked() {
    let header = format!(
        "{}; _pk_id.1=v",
        record(
            &[Category::Statistics],
            SystemTime::now() - Duration::from_secs(3600)
        )
    );
    let lenient = enforcing();
    let strict = lenient.clone().consent_max_age(Duration::from_secs(60));
    for _ in 0..2 {
        let out = run(lenient.clone(), &[header.as_bytes()], &[]);
        assert!(out.consent.is_some_and(|c| c.grants(Category::Statistics)));
        assert!(out.set_cookie.is_empty());
        let out = run(strict.clone(), &[header.as_bytes()], &[]);
        assert!(out.consent.is_none());
        assert_eq!(out.set_cookie, ["_pk_id.1=; HttpOnly; Path=/; Max-Age=0"]);
    }
}

/// Nor is it taken under another key: a record signed with one key and read, then read by a
/// layer with another key (same registry, same consent cookie), is refused there.
#[test]
fn a_remembered_header_is_not_taken_under_another_key() {
    let header = format!(
        "{}; _pk_id.1=v",
        record(&[Category::Statistics], SystemTime::now())
    );
    let other = cookie_registry::consent::ConsentKey::from_bytes(&[7; 32]).unwrap();
    let theirs = CookieLayer::new(registry())
        .mode(Mode::Enforce)
        .consent(Site::Consent, other);
    let ours = enforcing();
    for _ in 0..2 {
        let out = run(ours.clone(), &[header.as_bytes()], &[]);
        assert!(out.consent.is_some());
        let out = run(theirs.clone(), &[header.as_bytes()], &[]);
        assert!(out.consent.is_none());
        assert_eq!(out.set_cookie, ["_pk_id.1=; HttpOnly; Path=/; Max-Age=0"]);
    }
}

// 4. The newest consent record wins.

#[test]
fn the_newest_consent_record_wins() {
    let now = SystemTime::now();
    let older = now - Duration::from_secs(3600);
    let stats = "_pk_id.1=v; Max-Age=86400; Path=/; HttpOnly";
    let old_grant = record(&[Category::Statistics], older);
    let new_refusal = record(&[], now);
    for header in [
        format!("{old_grant}; {new_refusal}"),
        format!("{new_refusal}; {old_grant}"),
    ] {
        let out = run(enforcing(), &[header.as_bytes()], &[stats]);
        assert!(out.set_cookie.is_empty(), "{header}");
        assert!(out.consent.is_some_and(|c| !c.grants(Category::Statistics)));
    }
    // A newer grant wins over an older refusal: the visitor changed their mind.
    let old_refusal = record(&[], older);
    let new_grant = record(&[Category::Statistics], now);
    let header = format!("{old_refusal}; {new_grant}");
    assert_eq!(
        run(enforcing(), &[header.as_bytes()], &[stats]).set_cookie,
        [stats]
    );
    // Records of one second grant only what both grant.
    let both = format!(
        "{}; {}",
        record(&[Category::Statistics], now),
        record(&[Category::Preferences], now)
    );
    let out = run(enforcing(), &[both.as_bytes()], &[]);
    let consent = out.consent.unwrap();
    assert!(!consent.grants(Category::Statistics) && !consent.grants(Category::Preferences));
}

/// Each consent record costs an HMAC: a request packed with forged records has at most
/// `MAX_RECORDS` of them verified.
#[test]
fn consent_records_verified_per_request_are_bounded() {
    use cookie_registry::consent::{MAX_RECORDS, from_cookie_header};
    let now = SystemTime::now();
    let valid = record(&[Category::Statistics], now);
    let forged = "consent=1.f.1800000000.0000000000000000.00000000000000000000000000000000";
    let read = |forgeries: usize| {
        let mut header = vec![forged; forgeries].join("; ");
        header.push_str("; ");
        header.push_str(&valid);
        let max = Consent::DEFAULT_MAX_AGE;
        from_cookie_header(header.as_bytes(), "consent", &key(), registry(), now, max)
    };
    assert!(read(MAX_RECORDS - 1).is_some());
    assert!(read(MAX_RECORDS).is_none());
}

// 5. The rest.

#[test]
fn lifetimes_saturate() {
    let huge = Lifetime::Duration {
        amount: u64::MAX,
        unit: LifetimeUnit::Year,
    };
    assert_eq!(huge.seconds(), Some(u64::MAX));
    assert_eq!(huge.as_duration(), Some(Duration::from_secs(u64::MAX)));
}

#[test]
fn a_withdrawn_cookie_no_deletion_can_name_is_reported() {
    let refused = record(&[], SystemTime::now());
    let header = format!("{refused}; _pk_id.a\"b=1");
    let out = run(enforcing(), &[header.as_bytes()], &[]);
    assert!(out.set_cookie.is_empty());
    assert_eq!(
        reasons(&out.events),
        [(Reason::Undeletable, Action::Reported, "_pk_id.a\"b")]
    );
    // Not UTF-8: reported with a replacement character.
    let header = [refused.as_bytes(), b"; _pk_id.\xff=1"].concat();
    let out = run(enforcing(), &[&header], &[]);
    assert_eq!(
        reasons(&out.events),
        [(Reason::Undeletable, Action::Reported, "_pk_id.\u{fffd}")]
    );
}

#[test]
fn report_mode_reports_withdrawn_cookies() {
    let refused = record(&[], SystemTime::now());
    let header = format!("{refused}; _pk_id.1=v");
    let layer = CookieLayer::new(registry())
        .mode(Mode::Report)
        .consent(Site::Consent, key());
    let out = run(layer, &[header.as_bytes()], &[]);
    assert!(out.set_cookie.is_empty());
    assert_eq!(
        reasons(&out.events),
        [(Reason::Withdrawn, Action::Reported, "_pk_id.1")]
    );
    assert_eq!(
        out.events[0].header,
        "_pk_id.1=; HttpOnly; Path=/; Max-Age=0"
    );
}
