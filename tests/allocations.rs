//! A successful `Registry::check` and `lint` allocate nothing: counted with a counting global
//! allocator (`allocation-counter`) around the calls.

#[path = "support/realistic.rs"]
mod realistic;

use std::time::{Duration, UNIX_EPOCH};

use cookie_registry::{CookieRegistry, SetCookie, lint_at};
use realistic::{HEADERS, Realistic};

#[test]
fn successful_checks_allocate_nothing() {
    // 2026-12-01: the Expires of the second header is within its declared 400 days.
    let now = UNIX_EPOCH + Duration::from_secs(1_796_083_200);
    let registry = Realistic::registry();
    for header in HEADERS {
        assert!(
            registry.check_at(header, now).is_ok(),
            "{header}: {:?}",
            registry.check_at(header, now)
        );
    }
    let counted = allocation_counter::measure(|| {
        for _ in 0..100 {
            for header in HEADERS {
                let _ = std::hint::black_box(registry.check_at(std::hint::black_box(header), now));
                let _ = std::hint::black_box(lint_at(std::hint::black_box(header), now));
                let _ = std::hint::black_box(SetCookie::parse(std::hint::black_box(header)));
                let _ = std::hint::black_box(Realistic::lookup(std::hint::black_box("sessionid")));
            }
        }
    });
    assert_eq!(counted.count_total, 0, "{counted:?}");
    // The counter does count: a failing check allocates its violations.
    let failing = allocation_counter::measure(|| {
        let _ = std::hint::black_box(registry.check_at("undeclared=1", now));
    });
    assert!(failing.count_total > 0);
}
