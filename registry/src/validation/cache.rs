//! Verdicts remembered per thread: a declaration that passed every check with exactly these
//! attributes (and this name) passes again, whatever the value, which is checked each time.
//! Responses repeat their attributes (the same builder sets the same cookie), so the attribute
//! parsing, lint and conformance run once per thread and attribute set. Only verdicts that do
//! not depend on the time (no `Expires`) are kept. A small two-way table of fixed-size slots:
//! no lock, no allocation.
use std::cell::RefCell;

use cookie_registry_rules::hash::name_hash;

use crate::declaration::Declaration;

/// Sets of two slots: two headers whose attributes hash alike (one response setting two
/// cookies) do not evict each other.
const SETS: usize = 16;
const BYTES: usize = 120;

#[derive(Clone, Copy)]
struct Slot {
    declaration: usize,
    name_len: usize,
    len: usize,
    bytes: [u8; BYTES],
}

const EMPTY: Slot = Slot {
    declaration: 0,
    name_len: 0,
    len: 0,
    bytes: [0; BYTES],
};

thread_local! {
    /// Each set: its two slots, and which of them to write next.
    static CACHE: RefCell<[([Slot; 2], bool); SETS]> =
        const { RefCell::new([([EMPTY; 2], false); SETS]) };
}

fn set_of(d: &Declaration, attributes: &str) -> usize {
    // The ends of the attributes and their length pick the set (the slot then compares every
    // byte): hashing them whole would cost more than the rest of a lookup.
    let b = attributes.as_bytes();
    let ends = if b.len() <= 32 {
        name_hash(b)
    } else {
        name_hash(&b[..16]) ^ name_hash(&b[b.len() - 16..]).rotate_left(17)
    };
    let h = ends ^ (b.len() as u64) ^ (d as *const Declaration as u64);
    (h as usize ^ (h >> 32) as usize) % SETS
}

fn holds(slot: &Slot, d: &Declaration, name: &str, attributes: &str) -> bool {
    slot.declaration == d as *const Declaration as usize
        && slot.name_len == name.len()
        && slot.len == name.len() + attributes.len()
        && slot.bytes[..name.len()] == *name.as_bytes()
        && slot.bytes[name.len()..slot.len] == *attributes.as_bytes()
}

/// Whether `d` passed with this name and these attributes before on this thread.
#[inline]
pub(super) fn passed(d: &'static Declaration, name: &str, attributes: &str) -> bool {
    if attributes.is_empty() || name.len() + attributes.len() > BYTES {
        return false;
    }
    let set = set_of(d, attributes);
    CACHE.with(|cache| {
        let cache = cache.borrow();
        cache[set]
            .0
            .iter()
            .any(|slot| holds(slot, d, name, attributes))
    })
}

/// Remembers that `d` passed with this name and these attributes, in the slot of its set
/// written less recently (each set keeps which one that is).
pub(super) fn remember(d: &'static Declaration, name: &str, attributes: &str) {
    if attributes.is_empty() || name.len() + attributes.len() > BYTES {
        return;
    }
    let set = set_of(d, attributes);
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let (pair, older) = &mut cache[set];
        let slot = &mut pair[usize::from(*older)];
        *older = !*older;
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
        assert!(!verdict_cache::passed(d, "csrftoken", attributes));
        let header = format!("csrftoken=abc;{attributes}");
        assert!(Cached::registry().check(&header).is_ok());
        assert!(verdict_cache::passed(d, "csrftoken", attributes));
        assert!(!verdict_cache::passed(
            d,
            "csrftoken",
            " SameSite=Lax; Secure; Path=/; Max-Age=31449601"
        ));
    }
}
