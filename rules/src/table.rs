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
