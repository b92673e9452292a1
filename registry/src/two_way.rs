//! A set of two slots for the per-thread caches (the verified consent records, the `Cookie`
//! headers read before): a few entries whose keys fall in one set do not evict each other at
//! every use, and the slot used less recently is the one replaced.

/// Two slots and which of them was used less recently.
#[derive(Clone, Copy)]
pub(crate) struct TwoWay<S> {
    slots: [S; 2],
    older: usize,
}

impl<S: Copy> TwoWay<S> {
    /// Both slots `empty`.
    pub(crate) const fn new(empty: S) -> TwoWay<S> {
        TwoWay {
            slots: [empty; 2],
            older: 0,
        }
    }
}

impl<S> TwoWay<S> {
    /// The slot `holds` accepts, if one does; it becomes the one used last.
    #[inline]
    pub(crate) fn find(&mut self, holds: impl Fn(&S) -> bool) -> Option<&S> {
        let way = self.slots.iter().position(holds)?;
        self.older = 1 - way;
        Some(&self.slots[way])
    }

    /// The slot to overwrite: the one used less recently, which becomes the one used last.
    #[inline]
    pub(crate) fn replace(&mut self) -> &mut S {
        let way = self.older;
        self.older = 1 - way;
        &mut self.slots[way]
    }
}

#[cfg(test)]
mod tests {
    use super::TwoWay;

    /// Three keys in one set: the two used last stay.
    #[test]
    fn the_slot_used_less_recently_is_replaced() {
        let mut set = TwoWay::new(0u32);
        let has = |set: &mut TwoWay<u32>, key: u32| set.find(|&k| k == key).is_some();
        *set.replace() = 1;
        *set.replace() = 2;
        assert!(has(&mut set, 1) && has(&mut set, 2));
        // 1 then 2 used: 1 goes.
        *set.replace() = 3;
        assert!(!has(&mut set, 1) && has(&mut set, 2) && has(&mut set, 3));
        // 2 used after 3: 3 goes.
        assert!(has(&mut set, 2));
        *set.replace() = 4;
        assert!(has(&mut set, 2) && has(&mut set, 4) && !has(&mut set, 3));
    }
}
