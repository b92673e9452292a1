//! Verdicts remembered per thread: a declaration that passed every check with exactly these
//! attributes (and this name) passes again, whatever the value, which is checked each time.
//! Responses repeat their attributes (the same builder sets the same cookie), so the attribute
//! parsing, lint and conformance run once per thread and attribute set. Only verdicts that do
//! not depend on the time (no `Expires`) are kept, and only from the second time an attribute
//! set passes: a header seen once (an attribute that changes on every response) costs no copy
//! and evicts nothing. A small two-way table of fixed-size slots: no lock, no allocation.
use std::cell::RefCell;

use cookie_registry_rules::hash::name_hash;

use crate::declaration::Declaration;

/// Sets of two slots: two headers whose attributes hash alike (one response setting two
/// cookies) do not evict each other.
const SETS: usize = 16;
const BYTES: usize = 120;

#[derive(Clone, Copy)]
struct Slot {
    /// [`key_of`] the declaration and attributes (0: empty).
    key: u64,
    declaration: usize,
    name_len: usize,
    len: usize,
    bytes: [u8; BYTES],
}

const EMPTY: Slot = Slot {
    key: 0,
    declaration: 0,
    name_len: 0,
    len: 0,
    bytes: [0; BYTES],
};

#[derive(Clone, Copy)]
struct Set {
    slots: [Slot; 2],
    /// Which slot to write next.
    older: bool,
    /// The keys of the last two attribute sets that passed here once, not remembered yet.
    candidates: [u64; 2],
}

thread_local! {
    static CACHE: RefCell<[Set; SETS]> = const {
        RefCell::new([Set { slots: [EMPTY; 2], older: false, candidates: [0; 2] }; SETS])
    };
}

/// The key of a declaration's attributes: their ends and length, and the declaration (a slot
/// then compares every byte; hashing them whole would cost more than the rest of a lookup),
/// never 0.
fn key_of(d: &Declaration, attributes: &str) -> u64 {
    let b = attributes.as_bytes();
    let ends = if b.len() <= 32 {
        name_hash(b)
    } else {
        name_hash(&b[..16]) ^ name_hash(&b[b.len() - 16..]).rotate_left(17)
    };
    (ends ^ (b.len() as u64) ^ (d as *const Declaration as u64)) | 1
}

fn set_of(key: u64) -> usize {
    (key as usize ^ (key >> 32) as usize) % SETS
}

fn holds(slot: &Slot, key: u64, d: &Declaration, name: &str, attributes: &str) -> bool {
    slot.key == key
        && slot.declaration == d as *const Declaration as usize
        && slot.name_len == name.len()
        && slot.len == name.len() + attributes.len()
        && slot.bytes[..name.len()] == *name.as_bytes()
        && slot.bytes[name.len()..slot.len] == *attributes.as_bytes()
}

/// The key of `d` with this name and these attributes, when such a verdict can be kept (the
/// attributes fit a slot); computed once per header, for [`passed`] and [`remember`].
#[inline]
pub(super) fn key(d: &'static Declaration, name: &str, attributes: &str) -> Option<u64> {
    if attributes.is_empty() || name.len() + attributes.len() > BYTES {
        return None;
    }
    Some(key_of(d, attributes))
}

/// Whether `d` passed with this name and these attributes (whose [`key`] is `key`) before on
/// this thread.
#[inline]
pub(super) fn passed(key: u64, d: &'static Declaration, name: &str, attributes: &str) -> bool {
    CACHE.with(|cache| {
        let cache = cache.borrow();
        cache[set_of(key)]
            .slots
            .iter()
            .any(|slot| holds(slot, key, d, name, attributes))
    })
}

/// Notes that `d` passed with this name and these attributes (whose [`key`] is `key`): the
/// second time (among the last two attribute sets of its set that passed once), they are
/// remembered, in the slot of the set written less recently.
pub(super) fn remember(key: u64, d: &'static Declaration, name: &str, attributes: &str) {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let set = &mut cache[set_of(key)];
        if !set.candidates.contains(&key) {
            set.candidates = [key, set.candidates[0]];
            return;
        }
        let slot = &mut set.slots[usize::from(set.older)];
        set.older = !set.older;
        slot.key = key;
        slot.declaration = d as *const Declaration as usize;
        slot.name_len = name.len();
        slot.len = name.len() + attributes.len();
        slot.bytes[..name.len()].copy_from_slice(name.as_bytes());
        slot.bytes[name.len()..slot.len].copy_from_slice(attributes.as_bytes());
    });
}

#[cfg(test)]
mod tests {
    use super as verdict_cache;
    use crate::CookieRegistry;

    #[derive(crate::CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "P", crate = "crate")]
    enum Cached {
        #[cookie(
            name = "csrftoken",
            service = "S",
            purpose = "P",
            category = "necessary",
            lifetime = "52w",
            secure,
            same_site = "lax",
            path = "/"
        )]
        Csrf,
    }

    /// `cookie!` reaches the registry through its own `crate = "crate"` path: inside this
    /// crate there is no `::cookie_registry` to name.
    #[test]
    fn the_name_macro_honours_the_registry_crate_path() {
        const CSRF: Cached = crate::cookie!(Cached, "csrftoken");
        assert_eq!(CSRF, Cached::Csrf);
    }

    #[test]
    fn a_passing_header_is_remembered() {
        let d = Cached::Csrf.declaration();
        let attributes = " SameSite=Lax; Secure; Path=/; Max-Age=31449600";
        let passed = |attributes: &str| {
            let key = verdict_cache::key(d, "csrftoken", attributes).unwrap();
            verdict_cache::passed(key, d, "csrftoken", attributes)
        };
        assert!(!passed(attributes));
        let header = format!("csrftoken=abc;{attributes}");
        // Seen once: not remembered yet; twice: remembered.
        assert!(Cached::registry().check(&header).is_ok());
        assert!(!passed(attributes));
        assert!(Cached::registry().check(&header).is_ok());
        assert!(passed(attributes));
        assert!(!passed(" SameSite=Lax; Secure; Path=/; Max-Age=31449601"));
    }
}
