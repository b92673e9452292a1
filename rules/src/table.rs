//! The open-addressing tables that the macros lay out at compile time and the runtime probes.
//!
//! A table has a power-of-two number of slots, at least twice the number of keys, so it is at
//! most half full. A key's probe sequence starts at its home slot and walks forward (wrapping)
//! until an empty slot.

/// How many slots a table for `keys` keys has.
///
/// ```
/// use cookie_registry_rules::table::slot_count;
/// assert_eq!(slot_count(0), 1);
/// assert_eq!(slot_count(3), 8);
/// ```
pub const fn slot_count(keys: usize) -> usize {
    if keys == 0 {
        1
    } else {
        (keys * 2).next_power_of_two()
    }
}

/// The home slot of a key with hash `hash` in a table of `slots` slots (a power of two).
#[inline]
pub const fn home(hash: u64, slots: usize) -> usize {
    (hash as usize) & (slots - 1)
}

/// Lays out a table: `result[slot]` is `Some(i)` when key `i` (whose hash is `hashes[i]`) sits in
/// `slot`. Keys are placed in order, each in the first free slot of its probe sequence.
///
/// ```
/// use cookie_registry_rules::table::layout;
/// let slots = layout(&[5, 5, 2]);
/// assert_eq!(slots.len(), 8);
/// assert_eq!((slots[5], slots[6], slots[2]), (Some(0), Some(1), Some(2)));
/// ```
pub fn layout(hashes: &[u64]) -> Vec<Option<usize>> {
    let len = slot_count(hashes.len());
    let mut slots = vec![None; len];
    for (i, &h) in hashes.iter().enumerate() {
        let mut slot = home(h, len);
        while slots[slot].is_some() {
            slot = (slot + 1) & (len - 1);
        }
        slots[slot] = Some(i);
    }
    slots
}

/// A set of bytes, as four 64-bit words (bit `b` set when byte `b` is in).
pub type ByteSet = [u64; 4];

fn byte_set(bytes: impl Iterator<Item = u8>) -> ByteSet {
    let mut set = [0u64; 4];
    for b in bytes {
        set[usize::from(b >> 6)] |= 1 << (b & 63);
    }
    set
}

/// The lookup tables of one registry, as declaration indexes: what `#[derive(CookieRegistry)]`
/// writes out as `static` slices, and what a registry built at run time (from a policy JSON)
/// leaks into the same shape. One layout for both, so both look names up the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexPlan {
    /// The exact-name table: the declaration whose name sits in each slot.
    pub exact: Vec<Option<usize>>,
    /// The table of patterns with a prefix, keyed by the prefix.
    pub prefixes: Vec<Option<usize>>,
    /// Each distinct prefix length, with the set of the last bytes of prefixes of that length.
    pub prefix_lens: Vec<(usize, ByteSet)>,
    /// The first bytes of every prefix.
    pub first_bytes: ByteSet,
    /// The table of patterns with only a suffix, keyed by the suffix.
    pub suffixes: Vec<Option<usize>>,
    /// Each distinct suffix length, with the set of the first bytes of suffixes of that length.
    pub suffix_lens: Vec<(usize, ByteSet)>,
    /// The last bytes of every suffix.
    pub last_bytes: ByteSet,
    /// The shortest name a pattern matches (`usize::MAX` without patterns).
    pub min_pattern_len: usize,
}

/// Lays out the lookup tables of `names`, one `(name, pattern)` per declaration in order, the
/// pattern as `(prefix, suffix)`.
///
/// ```
/// use cookie_registry_rules::table::plan;
/// let plan = plan(&[("sessionid", None), ("_ga_*", Some(("_ga_", "")))]);
/// assert_eq!(plan.exact.iter().flatten().collect::<Vec<_>>(), [&0]);
/// assert_eq!(plan.prefixes.iter().flatten().collect::<Vec<_>>(), [&1]);
/// assert_eq!(plan.prefix_lens.len(), 1);
/// assert_eq!(plan.min_pattern_len, 5);
/// ```
pub fn plan(names: &[(&str, Option<(&str, &str)>)]) -> IndexPlan {
    use crate::hash::name_hash;

    let mut exact = Vec::new();
    // (declaration index, key): the prefix for the prefix table, the suffix for the other.
    let mut prefixed: Vec<(usize, &str)> = Vec::new();
    let mut suffixed: Vec<(usize, &str)> = Vec::new();
    let mut min_pattern_len = usize::MAX;
    for (i, &(name, pattern)) in names.iter().enumerate() {
        match pattern {
            None => exact.push((i, name)),
            Some((p, s)) => {
                min_pattern_len = min_pattern_len.min(p.len() + s.len() + 1);
                if p.is_empty() {
                    suffixed.push((i, s));
                } else {
                    prefixed.push((i, p));
                }
            }
        }
    }
    let table = |entries: &[(usize, &str)]| -> Vec<Option<usize>> {
        let hashes: Vec<u64> = entries
            .iter()
            .map(|(_, k)| name_hash(k.as_bytes()))
            .collect();
        layout(&hashes)
            .into_iter()
            .map(|slot| slot.map(|k| entries[k].0))
            .collect()
    };
    // Each distinct key length, with the set of the bytes at the key's inner end (the last byte
    // of a prefix, the first of a suffix): a name whose byte there is not in the set skips the
    // probe for that length.
    let lens = |entries: &[(usize, &str)], prefix: bool| -> Vec<(usize, ByteSet)> {
        let mut lens: Vec<usize> = entries.iter().map(|(_, k)| k.len()).collect();
        lens.sort_unstable();
        lens.dedup();
        lens.into_iter()
            .map(|len| {
                let inner = entries
                    .iter()
                    .filter(|(_, k)| k.len() == len)
                    .map(|(_, k)| {
                        let b = k.as_bytes();
                        if prefix { b[b.len() - 1] } else { b[0] }
                    });
                (len, byte_set(inner))
            })
            .collect()
    };
    IndexPlan {
        exact: table(&exact),
        prefixes: table(&prefixed),
        prefix_lens: lens(&prefixed, true),
        first_bytes: byte_set(prefixed.iter().map(|(_, k)| k.as_bytes()[0])),
        suffixes: table(&suffixed),
        suffix_lens: lens(&suffixed, false),
        last_bytes: byte_set(suffixed.iter().map(|(_, k)| k.as_bytes()[k.len() - 1])),
        min_pattern_len,
    }
}
