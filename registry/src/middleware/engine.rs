//! The framework-neutral engine of the middleware: it reads the request's `Cookie` header bytes,
//! judges the response's `Set-Cookie` header bytes, and says what to change. No framework type
//! appears here; an adapter (the tower layer, the actix-web middleware) only moves headers in
//! and out.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::{Action, Event, Mode, Reason, Recorder, TRACING_TARGET};
use crate::consent::{self, Consent, ConsentKey};
use crate::cookie_header::Pair;
use crate::declaration::Declaration;
use crate::registry::Registry;
use crate::validation::ResponseCheck;

pub(super) type Hook = Arc<dyn Fn(&Event) + Send + Sync>;

/// How many cookies that need a consent the first pass over a request's `Cookie` headers
/// holds; a request with more is read a second time.
const HELD: usize = 8;

#[derive(Clone)]
pub(super) struct ConsentConfig {
    pub(super) cookie: &'static str,
    pub(super) key: ConsentKey,
}

/// What a layer is built with: everything the decisions depend on.
#[derive(Clone)]
pub(super) struct Config {
    pub(super) registry: &'static Registry,
    pub(super) mode: Mode,
    pub(super) max_deletions: usize,
    pub(super) consent: Option<ConsentConfig>,
    pub(super) consent_max_age: Duration,
    pub(super) hook: Option<Hook>,
    pub(super) recorder: Option<Recorder>,
}

/// What the middleware learnt from the request.
#[derive(Default)]
pub(super) struct RequestInfo {
    /// The visitor's valid consent, if any.
    pub(super) consent: Option<Consent>,
    /// Cookies the request carries that need a consent not given, each name once, at most
    /// `max_deletions` of them.
    withdrawn: Vec<Withdrawn>,
    /// Further such cookies (pairs), past the bound.
    overflow: usize,
}

impl RequestInfo {
    /// Whether [`Config::decide`] has anything to do besides the response's own `Set-Cookie`
    /// headers: withdrawn cookies to delete or report.
    pub(super) fn withdrawing(&self) -> bool {
        !self.withdrawn.is_empty() || self.overflow > 0
    }
}

/// A cookie the request carries whose category the visitor does not grant.
struct Withdrawn {
    /// Its name as sent (lossy for non-UTF-8 bytes).
    name: String,
    declaration: &'static Declaration,
}

impl Config {
    /// A configuration for `registry`, in [`Mode::Report`], without consent.
    pub(super) fn new(registry: &'static Registry, max_deletions: usize) -> Config {
        Config {
            registry,
            mode: Mode::Report,
            max_deletions,
            consent: None,
            consent_max_age: Consent::DEFAULT_MAX_AGE,
            hook: None,
            recorder: None,
        }
    }

    /// The consent cookie `declaration`, checked: it must be an exact name, need no consent
    /// and be declared in this registry. Panics otherwise, at start-up (a configuration that
    /// cannot work, as a route conflict is).
    pub(super) fn consent_cookie(
        &self,
        declaration: &'static Declaration,
        key: ConsentKey,
    ) -> ConsentConfig {
        let name = declaration.name();
        assert!(
            declaration.pattern().is_none(),
            "cookie-registry: the consent cookie `{name}` is a pattern; the consent record needs a cookie with one exact name"
        );
        assert!(
            !declaration.requires_consent(),
            "cookie-registry: the consent cookie `{name}` is declared `{}`, which needs consent itself; the choice must be storable before it is given: declare it `necessary`",
            declaration.category()
        );
        assert!(
            self.registry
                .lookup(name)
                .is_some_and(|d| std::ptr::eq(d, declaration)),
            "cookie-registry: the consent cookie `{name}` is not declared in the layer's registry, which would remove it as undeclared; combine its registry in"
        );
        ConsentConfig { cookie: name, key }
    }

    /// Reads the request's `Cookie` headers (every one, as bytes, from `values()`): the
    /// consent record, then the cookies it does not cover. One pass over the headers, which
    /// holds the consent records and the first [`HELD`] cookies that need a consent; a second
    /// pass only for a request with more such cookies. Linear in the headers' length; what is
    /// kept is bounded.
    ///
    /// A browser sends the same `Cookie` header with every request of a page (the page, its
    /// styles, scripts, images): what that pass finds in a header up to [`seen::BYTES`] long
    /// is remembered per thread (see [`seen`]), and the next request with the same bytes
    /// skips the pass.
    pub(super) fn request_info<'r, I: Iterator<Item = &'r [u8]>>(
        &self,
        values: impl Fn() -> I,
    ) -> RequestInfo {
        let mut headers = values();
        let Some(first) = headers.next() else {
            return RequestInfo::default();
        };
        // One field (HTTP/1.1 always; HTTP/2 may split the header): the per-thread cache.
        let single = headers.next().is_none();
        let owner = self.owner();
        if single {
            let cached = seen::with(owner, first, |records, held| {
                self.finish(
                    records.iter().flatten().copied(),
                    held.iter().filter_map(|&(start, len, declaration)| {
                        Some((&first[start..start + len], declaration?))
                    }),
                )
            });
            if let Some(info) = cached {
                return info;
            }
        }
        let pairs = || values().flat_map(crate::cookie_header::pairs);
        let consent_name = self.consent.as_ref().map(|c| c.cookie.as_bytes());
        let mut records: [Option<Pair<'r>>; consent::MAX_RECORDS] = [None; consent::MAX_RECORDS];
        let mut record_count = 0;
        let mut held: [Option<(Pair<'r>, &'static Declaration)>; HELD] = [None; HELD];
        let mut held_count = 0;
        let mut spilled = false;
        for pair in pairs() {
            if consent_name == Some(pair.name()) {
                // The consent cookie is declared necessary (`consent_cookie`): never withdrawn.
                if let Some(slot) = records.get_mut(record_count) {
                    *slot = Some(pair);
                    record_count += 1;
                }
                continue;
            }
            if spilled {
                continue;
            }
            // By bytes: the name is read as text only when it is kept.
            match self.registry.lookup_bytes(pair.name()) {
                Some(declaration) if declaration.requires_consent() => {
                    match held.get_mut(held_count) {
                        Some(slot) => {
                            *slot = Some((pair, declaration));
                            held_count += 1;
                        }
                        None => spilled = true,
                    }
                }
                _ => {}
            }
        }
        // Each record verified (or refused) once, in order: `None` for a refused one.
        let mut verified: [Option<Consent>; consent::MAX_RECORDS] = [None; consent::MAX_RECORDS];
        if let Some(c) = &self.consent {
            for (slot, pair) in verified.iter_mut().zip(records.iter().flatten()) {
                *slot = Consent::decode_bytes(pair.value(), &c.key).ok();
            }
        }
        let verified = &verified[..record_count];
        if spilled {
            return self.finish(
                verified.iter().flatten().copied(),
                pairs().filter_map(|pair| {
                    let declaration = self.registry.lookup_bytes(pair.name())?;
                    Some((pair.name(), declaration))
                }),
            );
        }
        if single {
            // Where each held name stands in the header: the pairs borrow from it (checked,
            // so that an adapter handing out copies only misses the cache).
            let at = |name: &[u8]| {
                let start = (name.as_ptr() as usize).checked_sub(first.as_ptr() as usize)?;
                (first.get(start..start + name.len()) == Some(name)).then_some(start)
            };
            let mut positions: [seen::Held; HELD] = [(0, 0, None); HELD];
            let mut found = 0;
            for (slot, (pair, declaration)) in positions.iter_mut().zip(held.iter().flatten()) {
                if let Some(start) = at(pair.name()) {
                    *slot = (start, pair.name().len(), Some(*declaration));
                    found += 1;
                }
            }
            if found == held_count {
                seen::put(owner, first, verified, &positions[..held_count]);
            }
        }
        self.finish(
            verified.iter().flatten().copied(),
            held.iter()
                .flatten()
                .map(|&(pair, declaration)| (pair.name(), declaration)),
        )
    }

    /// What the cached reading of a `Cookie` header depends on, besides its bytes.
    fn owner(&self) -> seen::Owner {
        seen::Owner {
            registry: std::ptr::from_ref(self.registry) as usize,
            consent: self.consent.as_ref().map_or((0, 0, 0), |c| {
                (c.cookie.as_ptr() as usize, c.cookie.len(), c.key.identity())
            }),
        }
    }

    /// The request's information from its verified consent `records` (in order) and the
    /// declared cookies it carries that may need a consent (`candidates`, name and
    /// declaration, in order): the newest current record, and the candidates it does not
    /// cover, each name once, at most `max_deletions` of them.
    fn finish<'r>(
        &self,
        records: impl Iterator<Item = Consent>,
        candidates: impl Iterator<Item = (&'r [u8], &'static Declaration)>,
    ) -> RequestInfo {
        let mut info = RequestInfo::default();
        if self.consent.is_some() {
            info.consent = consent::newest_current(
                records,
                self.registry,
                SystemTime::now(),
                self.consent_max_age,
            );
        }
        let mut names: HashSet<&[u8]> = HashSet::new();
        for (name, declaration) in candidates {
            if consent::allows(declaration, info.consent.as_ref()) || names.contains(name) {
                continue;
            }
            if info.withdrawn.len() >= self.max_deletions {
                info.overflow += 1;
                continue;
            }
            names.insert(name);
            info.withdrawn.push(Withdrawn {
                name: String::from_utf8_lossy(name).into_owned(),
                declaration,
            });
        }
        info
    }

    fn emit(&self, event: Event) {
        match event.reason {
            Reason::Warning | Reason::Undeletable | Reason::DeletionLimit => {
                tracing::warn!(target: TRACING_TARGET, cookie = %event.cookie, "{event}");
            }
            Reason::Withdrawn => {
                tracing::info!(target: TRACING_TARGET, cookie = %event.cookie, "{event}");
            }
            _ => tracing::error!(target: TRACING_TARGET, cookie = %event.cookie, "{event}"),
        }
        if let Some(hook) = &self.hook {
            hook(&event);
        }
    }

    /// Judges every `Set-Cookie` of a response (`set_cookies`, in order) and the withdrawals
    /// the request calls for; emits the events. Returns what the adapter changes in the
    /// response: the headers to remove (by index) and the deletions to append. Panics in
    /// [`Mode::Strict`] when something does not belong, as documented there.
    pub(super) fn decide<'h>(
        &self,
        info: &RequestInfo,
        set_cookies: impl IntoIterator<Item = &'h [u8]>,
    ) -> Changes {
        let withdrawing = info.withdrawing();
        // Pass 1, reading only: which headers go and the names the response sets.
        let removing = self.mode != Mode::Report;
        // Indices of the headers that go, in increasing order.
        let mut removed: Vec<usize> = Vec::new();
        let mut set_names: HashSet<&str> = HashSet::new();
        let mut problems: Vec<Event> = Vec::new();
        let mut response = ResponseCheck::new(SystemTime::now);
        for (index, value) in set_cookies.into_iter().enumerate() {
            if let Some(recorder) = &self.recorder {
                recorder.record(value);
            }
            let (name, result) = self.registry.check_in_response(&mut response, value);
            let (reason, violations) = match result {
                Ok(checked) => {
                    // A deletion is always welcome, consented or not; a header is a deletion
                    // only when every browser deletes with it (`Max-Age` ≤ 0, or an `Expires`
                    // a day or more in the past as the cookie-date algorithm reads it), and
                    // its name, `Path`, `Domain` and `Partitioned` were checked against the
                    // declaration like any other header's.
                    let unconsented =
                        !consent::allows(checked.declaration(), info.consent.as_ref())
                            && !checked.cookie().is_clear_removal_at(response.now());
                    if unconsented {
                        (Reason::Unconsented, None)
                    } else if checked.warnings().is_empty() {
                        if withdrawing {
                            set_names.insert(name);
                        }
                        continue;
                    } else {
                        (Reason::Warning, Some(checked.warnings().clone()))
                    }
                }
                Err(v) if v.is_malformed() => (Reason::Malformed, Some(v)),
                Err(v) if v.declaration().is_none() => (Reason::Undeclared, Some(v)),
                Err(v) => (Reason::NonConforming, Some(v)),
            };
            let action = if self.mode == Mode::Enforce && reason != Reason::Warning {
                removed.push(index);
                Action::Removed
            } else {
                if withdrawing {
                    set_names.insert(name);
                }
                Action::Reported
            };
            let event = Event {
                reason,
                action,
                cookie: name.to_owned(),
                header: String::from_utf8_lossy(value).into_owned(),
                violations,
            };
            if self.mode == Mode::Strict && reason != Reason::Warning {
                problems.push(event.clone());
            }
            self.emit(event);
        }
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            panic!(
                "cookie-registry strict mode: the response sets {} cookie(s) that do not belong (nothing was sent): {}",
                problems.len(),
                list.join("; ")
            );
        }
        // Withdrawal deletions, for cookies the response does not (still) set itself; in
        // report mode, only their events.
        let mut added: Vec<String> = Vec::new();
        for withdrawn in &info.withdrawn {
            if set_names.contains(withdrawn.name.as_str()) {
                continue;
            }
            let declaration = withdrawn.declaration;
            let removal = match declaration.pattern() {
                Some(_) => declaration.removal_named(&withdrawn.name),
                None => declaration.removal(),
            };
            let text = removal
                .ok()
                .map(|removal| removal.to_string())
                .filter(|text| is_header_value(text.as_bytes()));
            let Some(text) = text else {
                self.emit(Event {
                    reason: Reason::Undeletable,
                    action: Action::Reported,
                    cookie: withdrawn.name.clone(),
                    header: String::new(),
                    violations: None,
                });
                continue;
            };
            let action = if removing {
                added.push(text.clone());
                Action::DeletionAdded
            } else {
                Action::Reported
            };
            self.emit(Event {
                reason: Reason::Withdrawn,
                action,
                cookie: withdrawn.name.clone(),
                header: text,
                violations: None,
            });
        }
        if info.overflow > 0 {
            self.emit(Event {
                reason: Reason::DeletionLimit,
                action: Action::Reported,
                cookie: String::new(),
                header: format!(
                    "{} more cookies of withdrawn categories in the request, past the bound of {} deletions per response",
                    info.overflow, self.max_deletions
                ),
                violations: None,
            });
        }
        Changes { removed, added }
    }
}

/// What the adapter changes in a response.
#[derive(Debug, Default)]
pub(super) struct Changes {
    /// Indices of the `Set-Cookie` headers to remove, in increasing order.
    pub(super) removed: Vec<usize>,
    /// Deletions to append (valid header values).
    pub(super) added: Vec<String>,
}

impl Changes {
    /// Whether the response stays as it is.
    pub(super) fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.added.is_empty()
    }

    /// The `Set-Cookie` values that stay, in order (`values` as they were judged).
    pub(super) fn kept<V>(&self, values: impl Iterator<Item = V>) -> Vec<V> {
        let mut gone = self.removed.iter().copied().peekable();
        values
            .enumerate()
            .filter(|(i, _)| gone.next_if_eq(i).is_none())
            .map(|(_, v)| v)
            .collect()
    }
}

/// Whether every byte may stand in an HTTP field value (RFC 9110 §5.5: visible ASCII, space,
/// tab, obs-text; no control character).
fn is_header_value(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|&b| b == b'\t' || (b >= 0x20 && b != 0x7f))
}

/// What the first pass found in a `Cookie` header, per thread, keyed by the header's bytes and
/// by what the reading depends on ([`Owner`]: the registry, the consent cookie and key): the
/// verified consent records, in order, and where the held cookies' names stand, with their
/// declarations. Nothing here depends on the time (each record's age is checked at each use),
/// and an entry answers only for the same bytes, compared in full. 32 slots of fixed size in
/// sets of two (the one used less recently is replaced), about 27 KB a thread: no lock, no
/// allocation. A header longer than a slot, with more than [`RECORDS`] consent records or
/// more than [`HELD`] held cookies is read in full every time, as before.
pub(super) mod seen {
    use std::cell::RefCell;

    use super::HELD;
    use crate::consent::Consent;
    use crate::declaration::Declaration;
    use crate::two_way::TwoWay;

    /// Sets of two slots (see [`TwoWay`]).
    const SETS: usize = 16;
    /// The longest header kept: a browser's cookies for one site, consent record included.
    pub(crate) const BYTES: usize = 512;
    /// The most consent records a kept header carries.
    pub(super) const RECORDS: usize = 2;

    /// What a reading depends on besides the header: the registry's address (a `'static`
    /// registry is never freed, so never reused), and the consent cookie's name (address and
    /// length, `'static` too) with its key's identity (zeros without a consent cookie).
    #[derive(Clone, Copy, PartialEq, Eq)]
    pub(super) struct Owner {
        pub(super) registry: usize,
        pub(super) consent: (usize, usize, u64),
    }

    /// A held cookie: where its name stands in the header (start, length), and its
    /// declaration (`None` only in unused places).
    pub(super) type Held = (usize, usize, Option<&'static Declaration>);

    #[derive(Clone, Copy)]
    struct Slot {
        owner: Owner,
        len: usize,
        bytes: [u8; BYTES],
        records: [Option<Consent>; RECORDS],
        record_count: usize,
        held: [Held; HELD],
        held_count: usize,
    }

    impl Slot {
        fn holds(&self, owner: Owner, header: &[u8]) -> bool {
            self.owner == owner && self.len == header.len() && self.bytes[..self.len] == *header
        }
    }

    /// Registries have a nonzero address: an empty slot never matches.
    const EMPTY: Slot = Slot {
        owner: Owner {
            registry: 0,
            consent: (0, 0, 0),
        },
        len: 0,
        bytes: [0; BYTES],
        records: [None; RECORDS],
        record_count: 0,
        held: [(0, 0, None); HELD],
        held_count: 0,
    };

    thread_local! {
        static CACHE: RefCell<[TwoWay<Slot>; SETS]> = const {
            RefCell::new([TwoWay::new(EMPTY); SETS])
        };
    }

    /// The set of a header: its length and ends (a visitor's session cookie is usually near
    /// the start, the consent record's signature near the end), and the owner.
    fn set_of(owner: Owner, header: &[u8]) -> usize {
        let n = header.len();
        let ends = cookie_registry_rules::hash::name_hash(&header[..n.min(16)])
            ^ cookie_registry_rules::hash::name_hash(&header[n.saturating_sub(16)..])
                .rotate_left(29);
        let h = (ends ^ n as u64 ^ owner.registry as u64 ^ owner.consent.2)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 32) as usize % SETS
    }

    /// `read(records, held)` on what was found before in exactly these header bytes, read
    /// in place (so `read` must not use this cache itself); `None` when nothing was.
    pub(super) fn with<R>(
        owner: Owner,
        header: &[u8],
        read: impl FnOnce(&[Option<Consent>], &[Held]) -> R,
    ) -> Option<R> {
        if header.len() > BYTES {
            return None;
        }
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let slot = cache[set_of(owner, header)].find(|slot| slot.holds(owner, header))?;
            Some(read(
                &slot.records[..slot.record_count],
                &slot.held[..slot.held_count],
            ))
        })
    }

    /// Remembers what was found in `header`: the verified `records` (`None` for a refused
    /// one) and the `held` cookies, in place of the set's slot used less recently. Does
    /// nothing when they do not fit.
    pub(super) fn put(owner: Owner, header: &[u8], records: &[Option<Consent>], held: &[Held]) {
        if header.len() > BYTES || records.len() > RECORDS || held.len() > HELD {
            return;
        }
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let slot = cache[set_of(owner, header)].replace();
            slot.owner = owner;
            slot.len = header.len();
            slot.bytes[..header.len()].copy_from_slice(header);
            slot.records[..records.len()].copy_from_slice(records);
            slot.record_count = records.len();
            slot.held[..held.len()].copy_from_slice(held);
            slot.held_count = held.len();
        });
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// What was found in a header answers only for its owner: the same bytes under
        /// another registry or another consent key are read again.
        #[test]
        fn a_header_is_answered_for_its_owner_only() {
            let owner = Owner {
                registry: 8,
                consent: (16, 7, 1),
            };
            let header = b"sessionid=abc; lang=fr";
            put(owner, header, &[None], &[]);
            let hit = |owner: Owner| with(owner, header, |records, _| records.len());
            assert_eq!(hit(owner), Some(1));
            assert_eq!(
                hit(Owner {
                    registry: 24,
                    ..owner
                }),
                None
            );
            assert_eq!(
                hit(Owner {
                    consent: (16, 7, 2),
                    ..owner
                }),
                None
            );
            assert_eq!(
                hit(Owner {
                    consent: (0, 0, 0),
                    ..owner
                }),
                None
            );
            assert_eq!(with(owner, b"sessionid=abd; lang=fr", |_, _| ()), None);
        }
    }
}
