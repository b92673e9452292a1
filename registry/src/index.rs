//! The name lookup tables that `#[derive(CookieRegistry)]` lays out at compile time.
//!
//! Exact names sit in an open-addressing table keyed by
//! [`name_hash`](cookie_registry_rules::hash::name_hash). Patterns with a prefix sit in a second
//! table keyed by the hash of the prefix, probed once per distinct prefix length; patterns with
//! only a suffix in a third, keyed by the suffix. A 256-bit set of the first (last) bytes of
//! prefixes (suffixes) skips the probes for names that cannot match.

use cookie_registry_rules::hash::name_hash;
use cookie_registry_rules::name::pattern_matches_bytes;
use cookie_registry_rules::table::home;

use crate::set_cookie::bytes::same_bytes;

/// The exact-name table: slots of `(name, declaration index)`; `""` marks an empty slot (no
/// declared name is empty).
pub(crate) type ExactSlots = &'static [(&'static str, u32)];

/// A pattern table: slots of `(key, suffix, declaration index)`. In the prefix table the key is
/// the pattern's prefix and the suffix its suffix; in the suffix table the key is the suffix and
/// the second field is empty. `""` as key marks an empty slot.
pub(crate) type PatternSlots = &'static [(&'static str, &'static str, u32)];

#[doc(hidden)]
#[derive(Debug)]
pub struct NameIndex {
    exact: ExactSlots,
    prefixes: PatternSlots,
    /// Each distinct prefix length, with the bytes prefixes of that length end with.
    prefix_lens: &'static [(usize, [u64; 4])],
    first_bytes: [u64; 4],
    suffixes: PatternSlots,
    /// Each distinct suffix length, with the bytes suffixes of that length start with.
    suffix_lens: &'static [(usize, [u64; 4])],
    last_bytes: [u64; 4],
    /// The shortest name any pattern matches.
    min_pattern_len: usize,
}

#[inline]
fn has_byte(set: &[u64; 4], b: u8) -> bool {
    (set[usize::from(b >> 6)] >> (b & 63)) & 1 == 1
}

impl NameIndex {
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub const fn __new(
        exact: ExactSlots,
        prefixes: PatternSlots,
        prefix_lens: &'static [(usize, [u64; 4])],
        first_bytes: [u64; 4],
        suffixes: PatternSlots,
        suffix_lens: &'static [(usize, [u64; 4])],
        last_bytes: [u64; 4],
        min_pattern_len: usize,
    ) -> Self {
        NameIndex {
            exact,
            prefixes,
            prefix_lens,
            first_bytes,
            suffixes,
            suffix_lens,
            last_bytes,
            min_pattern_len,
        }
    }

    /// The index of the declaration with exactly this name.
    #[inline]
    pub(crate) fn exact(&self, name: &[u8]) -> Option<usize> {
        self.exact_hashed(name, name_hash(name))
    }

    /// [`exact`](NameIndex::exact) with the name's [`name_hash`] computed already (once for
    /// all the parts of a combined registry).
    #[inline]
    pub(crate) fn exact_hashed(&self, name: &[u8], hash: u64) -> Option<usize> {
        let mask = self.exact.len() - 1;
        let mut slot = home(hash, self.exact.len());
        loop {
            let (key, index) = self.exact[slot];
            if key.is_empty() {
                return None;
            }
            if same_bytes(key.as_bytes(), name) {
                return Some(index as usize);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The index of the pattern that matches `name` (the patterns of one registry never
    /// overlap, so at most one does).
    #[inline]
    pub(crate) fn pattern(&self, bytes: &[u8]) -> Option<usize> {
        if bytes.len() < self.min_pattern_len {
            return None;
        }
        if has_byte(&self.first_bytes, bytes[0]) {
            for &(len, ends) in self.prefix_lens {
                if len >= bytes.len() {
                    break;
                }
                if !has_byte(&ends, bytes[len - 1]) {
                    continue;
                }
                let prefix = &bytes[..len];
                let found = probe(self.prefixes, prefix, |suffix| {
                    pattern_matches_bytes(prefix, suffix.as_bytes(), bytes)
                });
                if found.is_some() {
                    return found;
                }
            }
        }
        if has_byte(&self.last_bytes, bytes[bytes.len() - 1]) {
            for &(len, starts) in self.suffix_lens {
                if len >= bytes.len() {
                    break;
                }
                if !has_byte(&starts, bytes[bytes.len() - len]) {
                    continue;
                }
                let suffix = &bytes[bytes.len() - len..];
                let found = probe(self.suffixes, suffix, |_| {
                    pattern_matches_bytes(b"", suffix, bytes)
                });
                if found.is_some() {
                    return found;
                }
            }
        }
        None
    }
}

/// Walks the probe sequence of `key`, returning the first entry whose key equals `key` and
/// whose second field `accept`s.
#[inline]
fn probe(slots: PatternSlots, key: &[u8], accept: impl Fn(&str) -> bool) -> Option<usize> {
    let mask = slots.len() - 1;
    let mut slot = home(name_hash(key), slots.len());
    loop {
        let (stored, second, index) = slots[slot];
        if stored.is_empty() {
            return None;
        }
        if same_bytes(stored.as_bytes(), key) && accept(second) {
            return Some(index as usize);
        }
        slot = (slot + 1) & mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cookie_registry_rules::table::plan;

    fn exact_index(names: &[&'static str]) -> NameIndex {
        let entries: Vec<(&str, Option<(&str, &str)>)> = names.iter().map(|&n| (n, None)).collect();
        let plan = plan(&entries);
        let slots: Vec<(&'static str, u32)> = plan
            .exact
            .iter()
            .map(|slot| slot.map_or(("", 0), |i| (names[i], i as u32)))
            .collect();
        NameIndex::__new(
            Box::leak(slots.into_boxed_slice()),
            &[],
            &[],
            [0; 4],
            &[],
            &[],
            [0; 4],
            usize::MAX,
        )
    }

    /// Every table size from 1 slot to 512, and probe sequences that wrap around the end:
    /// every declared name is found, at its index, and no other name is.
    #[test]
    fn every_declared_name_is_found_and_no_other() {
        for count in 0..200usize {
            let names: Vec<&'static str> = (0..count)
                .map(|i| &*Box::leak(format!("c{i}").into_boxed_str()))
                .collect();
            let index = exact_index(&names);
            for (i, name) in names.iter().enumerate() {
                assert_eq!(index.exact(name.as_bytes()), Some(i), "{name} of {count}");
            }
            for i in 0..count + 50 {
                for miss in [format!("d{i}"), format!("c{i}x"), format!("C{i}")] {
                    assert_eq!(index.exact(miss.as_bytes()), None, "{miss} of {count}");
                }
            }
            assert_eq!(index.exact(b""), None);
        }
    }
}
