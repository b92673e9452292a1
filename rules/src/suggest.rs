//! "Did you mean ...?" suggestions.

/// The longest strings [`edit_distance`] compares; longer ones are "too far".
pub const MAX_LEN: usize = 128;

/// The Levenshtein distance between `a` and `b` (insertions, deletions, substitutions of
/// bytes), or `usize::MAX` when `b` is longer than [`MAX_LEN`] bytes. A `const fn`, so that the
/// `cookie!` macro can suggest names during constant evaluation.
///
/// ```
/// use cookie_registry_rules::suggest::edit_distance;
/// assert_eq!(edit_distance(b"sessionid", b"sesionid"), 1);
/// assert_eq!(edit_distance(b"kitten", b"sitting"), 3);
/// ```
pub const fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    if b.len() > MAX_LEN {
        return usize::MAX;
    }
    let mut row = [0usize; MAX_LEN + 1];
    let mut j = 0;
    while j <= b.len() {
        row[j] = j;
        j += 1;
    }
    let mut i = 0;
    while i < a.len() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut j = 0;
        while j < b.len() {
            let substitution = diagonal + if a[i] == b[j] { 0 } else { 1 };
            let deletion = row[j + 1] + 1;
            let insertion = row[j] + 1;
            diagonal = row[j + 1];
            let mut best = substitution;
            if deletion < best {
                best = deletion;
            }
            if insertion < best {
                best = insertion;
            }
            row[j + 1] = best;
            j += 1;
        }
        i += 1;
    }
    row[b.len()]
}

/// Whether `candidate` is close enough to `typed` to suggest: at most a third of the typed
/// length apart (and at least one edit allowed).
pub const fn close_enough(typed: &[u8], distance: usize) -> bool {
    let allowed = if typed.len() / 3 > 1 {
        typed.len() / 3
    } else {
        1
    };
    distance <= allowed
}

/// The candidate closest to `typed`, if one is close enough; ties go to the first.
///
/// The cost is bounded whatever `typed` is (it may come from the network): nothing is
/// suggested for a `typed` longer than [`MAX_LEN`], and a candidate whose length differs from
/// it by more than the edits allowed is skipped without computing a distance (the distance is
/// at least the difference of lengths). So each candidate costs at most `MAX_LEN²` steps.
///
/// ```
/// use cookie_registry_rules::suggest::closest;
/// assert_eq!(closest("servise", ["service", "purpose", "secure"]), Some("service"));
/// assert_eq!(closest("zzz", ["service", "purpose"]), None);
/// let long = "s".repeat(4096);
/// assert_eq!(closest(&long, ["service"]), None);
/// ```
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if typed.len() > MAX_LEN {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if !close_enough(typed.as_bytes(), typed.len().abs_diff(candidate.len())) {
            continue;
        }
        let d = edit_distance(typed.as_bytes(), candidate.as_bytes());
        if close_enough(typed.as_bytes(), d) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}
