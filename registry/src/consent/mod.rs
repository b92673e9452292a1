//! The visitor's consent: which categories they granted, when, and for which registry
//! version; a compact signed encoding for the consent cookie; and the gate that decides which
//! declared cookies may be set.
//!
//! Encoding (all cookie-octets): `2.<id>.<categories>.<given at>.<version>.<signature>`, or
//! `1.<categories>.<given at>.<version>.<signature>` for a record without an id
//! - `2` or `1`: the format;
//! - `<id>`: the record's [`ConsentId`], 32 hexadecimal digits: the key of its proof in the
//!   consent log (`cookie_registry::consent_log`);
//! - `<categories>`: a hexadecimal bit set (1 necessary, 2 preferences, 4 statistics,
//!   8 marketing; necessary is always set);
//! - `<given at>`: seconds since the Unix epoch, in decimal;
//! - `<version>`: the [`Registry::version`] the visitor answered for, 16 hexadecimal digits;
//! - `<signature>`: HMAC-SHA-256 of everything before it under the site's [`ConsentKey`],
//!   truncated to 128 bits, 32 hexadecimal digits.
//!
//! A missing, malformed, tampered or stale record is no consent (CNIL délibération 2020-091:
//! silence is refusal).
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use cookie_registry::consent::{Consent, ConsentKey};
//! use cookie_registry::{Category, CookieRegistry};
//! # #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
//! # #[registry(provider = "Site")]
//! # enum SiteCookie {
//! #     #[cookie(name = "_pk_id.*", service = "Statistics", purpose = "Count visits",
//! #         category = "statistics", lifetime = "13mo")]
//! #     Stats,
//! # }
//! let key = ConsentKey::from_bytes(&[7; 32]).unwrap();
//! let registry = SiteCookie::registry();
//! let now = SystemTime::now();
//! let consent = Consent::new([Category::Statistics], registry, now);
//! let value = consent.encode(&key);
//! let read = Consent::decode(&value, &key).unwrap();
//! assert!(read.grants(Category::Statistics) && !read.grants(Category::Marketing));
//! assert!(read.is_current(registry, now, Consent::DEFAULT_MAX_AGE));
//! // A changed byte is no consent.
//! let tampered = value.replacen("1.5", "1.f", 1);
//! assert!(Consent::decode(&tampered, &key).is_err());
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub mod form;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::declaration::{Category, Declaration};
use crate::registry::Registry;

type HmacSha256 = Hmac<Sha256>;

/// The bit of a category in the encoding.
const fn bit(category: Category) -> u8 {
    1 << category as u8
}

/// The secret that signs consent records. Keep it out of the code and stable across restarts
/// (a new key makes every visitor answer again).
#[derive(Clone)]
pub struct ConsentKey {
    /// HMAC keyed once (the inner and outer pads hashed), cloned for each record.
    keyed: HmacSha256,
    /// This key's identity in the verified-record cache (clones share it): a record verified
    /// under one key is never taken as verified under another.
    id: u64,
}

impl fmt::Debug for ConsentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ConsentKey(..)")
    }
}

impl ConsentKey {
    /// A key from at least 32 secret bytes (they are hashed down to 32).
    ///
    /// # Errors
    ///
    /// Fewer than 32 bytes.
    pub fn from_bytes(secret: &[u8]) -> Result<ConsentKey, ConsentError> {
        if secret.len() < 32 {
            return Err(ConsentError::ShortKey { len: secret.len() });
        }
        use sha2::Digest;
        let digest = Sha256::digest(secret);
        // HMAC takes keys of any length: this cannot fail.
        let keyed = <HmacSha256 as Mac>::new_from_slice(&digest)
            .map_err(|_| ConsentError::ShortKey { len: secret.len() })?;
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(ConsentKey { keyed, id })
    }

    /// This key's identity (clones share it), for the per-thread caches of what was read
    /// under it.
    #[cfg_attr(not(any(feature = "tower", feature = "actix")), allow(dead_code))]
    pub(crate) fn identity(&self) -> u64 {
        self.id
    }

    fn mac(&self, payload: &str) -> HmacSha256 {
        let mut mac = self.keyed.clone();
        mac.update(payload.as_bytes());
        mac
    }
}

/// Why a consent record was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsentError {
    /// Not in the format described in the [module docs](crate::consent).
    Malformed,
    /// The signature does not match: the record was changed, or signed with another key.
    BadSignature,
    /// A key shorter than 32 bytes.
    ShortKey {
        /// Its length.
        len: usize,
    },
    /// The operating system gave no randomness for a [`ConsentId`].
    NoRandomness,
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsentError::Malformed => f.write_str("the consent record is malformed"),
            ConsentError::BadSignature => {
                f.write_str("the consent record's signature does not match")
            }
            ConsentError::ShortKey { len } => {
                write!(f, "a consent key needs at least 32 secret bytes, not {len}")
            }
            ConsentError::NoRandomness => {
                f.write_str("the operating system gave no randomness for a consent id")
            }
        }
    }
}

impl std::error::Error for ConsentError {}

/// The unique id of a consent choice, carried by its signed cookie and by its record in the
/// consent log, so that a visitor's cookie leads to the proof. A random (version 4) UUID,
/// written hyphenated in the log and as 32 hexadecimal digits in the cookie.
///
/// ```
/// use cookie_registry::consent::ConsentId;
/// let id = ConsentId::random().unwrap();
/// let text = id.to_string();
/// assert_eq!(text.len(), 36);
/// assert_eq!(text.as_bytes()[14], b'4');
/// assert_eq!(text.parse::<ConsentId>(), Ok(id));
/// assert_eq!(text.replace('-', "").parse::<ConsentId>(), Ok(id));
/// assert!("not an id".parse::<ConsentId>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConsentId([u8; 16]);

impl ConsentId {
    /// A fresh random id, from the operating system's generator.
    ///
    /// # Errors
    ///
    /// [`ConsentError::NoRandomness`] when the system has none to give.
    pub fn random() -> Result<ConsentId, ConsentError> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|_| ConsentError::NoRandomness)?;
        // RFC 9562 §5.4: version 4, variant 10.
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        Ok(ConsentId(bytes))
    }

    /// The 16 bytes.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Display for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.hex();
        write!(
            f,
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }
}

impl std::str::FromStr for ConsentId {
    type Err = ConsentError;

    /// The hyphenated form (`8-4-4-4-12`) or 32 hexadecimal digits, in lowercase.
    fn from_str(text: &str) -> Result<ConsentId, ConsentError> {
        let hyphens_ok = match text.len() {
            32 => true,
            36 => text
                .bytes()
                .enumerate()
                .all(|(i, b)| matches!(i, 8 | 13 | 18 | 23) == (b == b'-')),
            _ => false,
        };
        let digits: Vec<u8> = text.bytes().filter(|&b| b != b'-').collect();
        if !hyphens_ok
            || digits.len() != 32
            || !digits
                .iter()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(ConsentError::Malformed);
        }
        let mut bytes = [0u8; 16];
        for (i, byte) in bytes.iter_mut().enumerate() {
            let pair = std::str::from_utf8(&digits[2 * i..2 * i + 2])
                .map_err(|_| ConsentError::Malformed)?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| ConsentError::Malformed)?;
        }
        Ok(ConsentId(bytes))
    }
}

/// What a visitor consented to, when, and for which registry version; with the id of its proof
/// in the consent log, when it was logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Consent {
    id: Option<ConsentId>,
    granted: u8,
    given_at: u64,
    version: u64,
}

fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Consent {
    /// How long a choice holds before the visitor is asked again: six months (the usual
    /// practice for asking again), with the months of declarations (`6mo`: 182.6 days), so
    /// that a consent cookie declared `6mo` and its record expire together.
    pub const DEFAULT_MAX_AGE: Duration =
        Duration::from_secs(6 * cookie_registry_rules::lifetime::MONTH);

    /// A choice granting `categories` (necessary cookies are always allowed), made at `at` for
    /// `registry`'s current version.
    pub fn new(
        categories: impl IntoIterator<Item = Category>,
        registry: &Registry,
        at: SystemTime,
    ) -> Consent {
        let granted = categories
            .into_iter()
            .fold(bit(Category::Necessary), |acc, c| acc | bit(c));
        Consent {
            id: None,
            granted,
            given_at: unix_seconds(at),
            version: registry.version(),
        }
    }

    /// The same choice, carrying `id`: the id of its record in the consent log.
    pub fn with_id(self, id: ConsentId) -> Consent {
        Consent {
            id: Some(id),
            ..self
        }
    }

    /// The id of the choice's record in the consent log, if it carries one.
    pub fn id(&self) -> Option<ConsentId> {
        self.id
    }

    /// Everything granted ("Tout accepter").
    pub fn accept_all(registry: &Registry, at: SystemTime) -> Consent {
        Consent::new(Category::ALL, registry, at)
    }

    /// Nothing beyond the necessary ("Tout refuser").
    pub fn refuse_all(registry: &Registry, at: SystemTime) -> Consent {
        Consent::new([], registry, at)
    }

    /// Whether `category` was granted (necessary always is).
    pub fn grants(&self, category: Category) -> bool {
        self.granted & bit(category) != 0
    }

    /// The granted categories, in page order.
    pub fn granted(&self) -> impl Iterator<Item = Category> + '_ {
        Category::ALL.into_iter().filter(|c| self.grants(*c))
    }

    /// When the choice was made.
    pub fn given_at(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.given_at)
    }

    /// The registry version the choice was made for.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Whether the choice still holds at `now`: made for `registry`'s current version, not
    /// older than `max_age`, and not from the future (one minute of clock slack).
    pub fn is_current(&self, registry: &Registry, now: SystemTime, max_age: Duration) -> bool {
        let now = unix_seconds(now);
        self.version == registry.version()
            && self.given_at <= now.saturating_add(60)
            && now.saturating_sub(self.given_at) <= max_age.as_secs()
    }

    /// The signed cookie value (see the [module docs](crate::consent)).
    pub fn encode(&self, key: &ConsentKey) -> String {
        let payload = match self.id {
            Some(id) => format!(
                "2.{}.{:x}.{}.{:016x}",
                id.hex(),
                self.granted,
                self.given_at,
                self.version
            ),
            None => format!(
                "1.{:x}.{}.{:016x}",
                self.granted, self.given_at, self.version
            ),
        };
        let tag = key.mac(&payload).finalize().into_bytes();
        let mut value = payload;
        value.push('.');
        for b in &tag[..16] {
            value.push_str(&format!("{b:02x}"));
        }
        value
    }

    /// Reads a cookie value made by [`encode`](Consent::encode).
    ///
    /// # Errors
    ///
    /// [`ConsentError::Malformed`] or [`ConsentError::BadSignature`]: either way, no consent.
    pub fn decode(value: &str, key: &ConsentKey) -> Result<Consent, ConsentError> {
        Consent::decode_bytes(value.as_bytes(), key)
    }

    /// [`decode`](Consent::decode) of a value as sent, in bytes: a value verified before is
    /// found by its bytes, before they are read as text.
    pub(crate) fn decode_bytes(value: &[u8], key: &ConsentKey) -> Result<Consent, ConsentError> {
        // A visitor sends the same record with every request: its signature is checked once
        // per thread (see `verified`).
        if let Some(consent) = verified::get(key.id, value) {
            return Ok(consent);
        }
        let text = std::str::from_utf8(value).map_err(|_| ConsentError::Malformed)?;
        let consent = Consent::decode_uncached(text, key)?;
        verified::put(key.id, value, consent);
        Ok(consent)
    }

    /// [`decode`](Consent::decode) with every check done, the signature included.
    fn decode_uncached(value: &str, key: &ConsentKey) -> Result<Consent, ConsentError> {
        let (payload, signature) = value.rsplit_once('.').ok_or(ConsentError::Malformed)?;
        let mut parts = payload.split('.');
        let id = match parts.next() {
            Some("1") => None,
            Some("2") => {
                let id = parts.next().ok_or(ConsentError::Malformed)?;
                if id.len() != 32 {
                    return Err(ConsentError::Malformed);
                }
                Some(id.parse::<ConsentId>()?)
            }
            _ => return Err(ConsentError::Malformed),
        };
        let (Some(granted), Some(given_at), Some(version), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ConsentError::Malformed);
        };
        let hex = |s: &str, max: usize| {
            !s.is_empty()
                && s.len() <= max
                && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        };
        if !hex(granted, 2)
            || !hex(version, 16)
            || signature.len() != 32
            || !hex(signature, 32)
            || given_at.is_empty()
            || !given_at.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(ConsentError::Malformed);
        }
        let mut tag = [0u8; 16];
        for (i, byte) in tag.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&signature[2 * i..2 * i + 2], 16)
                .map_err(|_| ConsentError::Malformed)?;
        }
        key.mac(payload)
            .verify_truncated_left(&tag)
            .map_err(|_| ConsentError::BadSignature)?;
        let granted = u8::from_str_radix(granted, 16).map_err(|_| ConsentError::Malformed)?;
        if granted & bit(Category::Necessary) == 0 || granted >> 4 != 0 {
            return Err(ConsentError::Malformed);
        }
        // A time `SystemTime` can hold (`given_at` must not panic): seconds within `i64`.
        let given_at: u64 = given_at.parse().map_err(|_| ConsentError::Malformed)?;
        if UNIX_EPOCH
            .checked_add(Duration::from_secs(given_at))
            .is_none()
        {
            return Err(ConsentError::Malformed);
        }
        Ok(Consent {
            id,
            granted,
            given_at,
            version: u64::from_str_radix(version, 16).map_err(|_| ConsentError::Malformed)?,
        })
    }
}

/// Records whose signature was checked, per thread: a record is a pure function of the key and
/// its text, so a text once verified under a key stays valid under it (staleness is checked at
/// each use, by `is_current`). 64 slots of fixed size in sets of two (the one used less
/// recently is replaced), about 9 KB a thread: no lock, no allocation; a record longer than a
/// slot is checked every time. Only valid records are kept, so a forged one costs its HMAC
/// each time, as before (bounded by [`MAX_RECORDS`]).
/// The records kept are what browsers send anyway: comparing a request's bytes with them
/// reveals nothing about the key.
mod verified {
    use std::cell::RefCell;

    use super::Consent;
    use crate::two_way::TwoWay;

    /// Sets of two slots (see [`TwoWay`]).
    const SETS: usize = 32;
    const BYTES: usize = 128;

    #[derive(Clone, Copy)]
    struct Slot {
        key: u64,
        len: usize,
        bytes: [u8; BYTES],
        consent: Consent,
    }

    /// Key identities start at 1: an empty slot never matches.
    const EMPTY: Slot = Slot {
        key: 0,
        len: 0,
        bytes: [0; BYTES],
        consent: Consent {
            id: None,
            granted: 0,
            given_at: 0,
            version: 0,
        },
    };

    thread_local! {
        static CACHE: RefCell<[TwoWay<Slot>; SETS]> = const {
            RefCell::new([TwoWay::new(EMPTY); SETS])
        };
    }

    fn set_of(key: u64, value: &[u8]) -> usize {
        let h =
            cookie_registry_rules::hash::name_hash(value) ^ key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h as usize ^ (h >> 32) as usize) % SETS
    }

    /// The consent of `value`, verified before under the key `key` on this thread.
    pub(super) fn get(key: u64, value: &[u8]) -> Option<Consent> {
        if value.len() > BYTES {
            return None;
        }
        CACHE.with(|cache| {
            // Read in place: a slot is a few hundred bytes, not worth copying out.
            let mut cache = cache.borrow_mut();
            cache[set_of(key, value)]
                .find(|slot| {
                    slot.key == key && slot.len == value.len() && slot.bytes[..slot.len] == *value
                })
                .map(|slot| slot.consent)
        })
    }

    /// Remembers that `value` is a valid record of `consent` under the key `key`, in place of
    /// the set's slot used less recently.
    pub(super) fn put(key: u64, value: &[u8], consent: Consent) {
        if value.len() > BYTES {
            return;
        }
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let slot = cache[set_of(key, value)].replace();
            slot.key = key;
            slot.len = value.len();
            slot.bytes[..value.len()].copy_from_slice(value);
            slot.consent = consent;
        });
    }
}

/// Whether `declaration` may be set under `consent` (`None`: no valid choice): when it is
/// necessary, a consent-exempt statistic, or its category was granted.
///
/// ```
/// use std::time::SystemTime;
/// use cookie_registry::consent::{allows, Consent};
/// use cookie_registry::{Category, CookieRegistry};
/// # #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
/// # #[registry(provider = "Site")]
/// # enum SiteCookie {
/// #     #[cookie(name = "sessionid", service = "Login", purpose = "Remember the user",
/// #         category = "necessary", lifetime = "14d")]
/// #     Session,
/// #     #[cookie(name = "_ads", service = "Ads", purpose = "Advertising",
/// #         category = "marketing", lifetime = "30d", third_party = "ads.example")]
/// #     Ads,
/// # }
/// let registry = SiteCookie::registry();
/// let refused = Consent::refuse_all(registry, SystemTime::now());
/// assert!(allows(SiteCookie::Session.declaration(), None));
/// assert!(!allows(SiteCookie::Ads.declaration(), None));
/// assert!(!allows(SiteCookie::Ads.declaration(), Some(&refused)));
/// let accepted = Consent::new([Category::Marketing], registry, SystemTime::now());
/// assert!(allows(SiteCookie::Ads.declaration(), Some(&accepted)));
/// ```
pub fn allows(declaration: &Declaration, consent: Option<&Consent>) -> bool {
    !declaration.requires_consent() || consent.is_some_and(|c| c.grants(declaration.category()))
}

/// The most consent records [`from_pairs`] verifies in one request: 16. A browser holds one,
/// or a few when a record was set for several paths or domains.
pub const MAX_RECORDS: usize = 16;

/// Reads the consent record from a request's `Cookie` header (as bytes: see
/// [`cookie_header`](crate::cookie_header)): see [`from_pairs`].
///
/// ```
/// use std::time::SystemTime;
/// use cookie_registry::consent::{from_cookie_header, Consent, ConsentKey};
/// # use cookie_registry::CookieRegistry;
/// # #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
/// # #[registry(provider = "Site")]
/// # enum SiteCookie {
/// #     #[cookie(name = "consent", service = "Consent", purpose = "Remember the choice",
/// #         category = "necessary", lifetime = "6mo")]
/// #     Consent,
/// # }
/// let key = ConsentKey::from_bytes(&[7; 32]).unwrap();
/// let registry = SiteCookie::registry();
/// let now = SystemTime::now();
/// let record = Consent::accept_all(registry, now).encode(&key);
/// // A non-ASCII cookie beside the record does not hide it.
/// let header = format!("city=B\u{e9}ziers; consent={record}");
/// let read = from_cookie_header(header.as_bytes(), "consent", &key, registry, now, Consent::DEFAULT_MAX_AGE);
/// assert_eq!(read, Some(Consent::accept_all(registry, now)));
/// ```
pub fn from_cookie_header(
    header: &[u8],
    cookie_name: &str,
    key: &ConsentKey,
    registry: &Registry,
    now: SystemTime,
    max_age: Duration,
) -> Option<Consent> {
    from_pairs(
        crate::cookie_header::pairs(header),
        cookie_name,
        key,
        registry,
        now,
        max_age,
    )
}

/// The visitor's consent among a request's cookies: the values of the cookies named
/// `cookie_name`, decoded with `key` and current at `now`. `None` when none is valid (missing,
/// malformed, tampered or stale).
///
/// A browser may send two cookies of one name (set with different `Path` or `Domain`), in no
/// order the server can rely on. The newest valid record wins, so that a refusal is never
/// overruled by an older grant; records of the same second grant only what they all grant.
/// At most [`MAX_RECORDS`] cookies of that name are verified (one HMAC each): a request
/// packed with forged records costs no more than that.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use cookie_registry::consent::{from_pairs, Consent, ConsentKey};
/// use cookie_registry::cookie_header::pairs;
/// use cookie_registry::{Category, CookieRegistry};
/// # #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
/// # #[registry(provider = "Site")]
/// # enum SiteCookie {
/// #     #[cookie(name = "consent", service = "Consent", purpose = "Remember the choice",
/// #         category = "necessary", lifetime = "6mo")]
/// #     Consent,
/// # }
/// let key = ConsentKey::from_bytes(&[7; 32]).unwrap();
/// let registry = SiteCookie::registry();
/// let now = SystemTime::now();
/// let older = Consent::accept_all(registry, now - Duration::from_secs(60)).encode(&key);
/// let newer = Consent::refuse_all(registry, now).encode(&key);
/// // Two records, in either order: the newer refusal wins over the older grant.
/// let header = format!("consent={older}; consent={newer}");
/// let read = from_pairs(pairs(header.as_bytes()), "consent", &key, registry, now, Consent::DEFAULT_MAX_AGE);
/// assert!(read.is_some_and(|c| !c.grants(Category::Statistics)));
/// ```
pub fn from_pairs<'a>(
    pairs: impl IntoIterator<Item = crate::cookie_header::Pair<'a>>,
    cookie_name: &str,
    key: &ConsentKey,
    registry: &Registry,
    now: SystemTime,
    max_age: Duration,
) -> Option<Consent> {
    newest_current(
        pairs
            .into_iter()
            .filter(|pair| pair.name() == cookie_name.as_bytes())
            .take(MAX_RECORDS)
            .filter_map(|pair| Consent::decode_bytes(pair.value(), key).ok()),
        registry,
        now,
        max_age,
    )
}

/// The choice that counts among verified `records`: the newest that
/// [`is_current`](Consent::is_current); of two made in the same second, what both grant.
pub(crate) fn newest_current(
    records: impl IntoIterator<Item = Consent>,
    registry: &Registry,
    now: SystemTime,
    max_age: Duration,
) -> Option<Consent> {
    records
        .into_iter()
        .filter(|c| c.is_current(registry, now, max_age))
        .reduce(|best, c| match c.given_at.cmp(&best.given_at) {
            std::cmp::Ordering::Greater => c,
            std::cmp::Ordering::Less => best,
            std::cmp::Ordering::Equal => Consent {
                granted: best.granted & c.granted,
                ..best
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CookieRegistry;

    #[derive(crate::CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "P", crate = "crate")]
    enum Site {
        #[cookie(
            name = "consent",
            service = "S",
            purpose = "P",
            category = "necessary",
            lifetime = "6mo"
        )]
        Consent,
    }

    /// The verified-record cache never carries a record from one key to another, and keeps
    /// only what verified.
    #[test]
    fn a_record_verified_under_one_key_is_not_taken_under_another() {
        let a = ConsentKey::from_bytes(&[1; 32]).unwrap();
        let b = ConsentKey::from_bytes(&[2; 32]).unwrap();
        let record = Consent {
            id: None,
            granted: 0x5,
            given_at: 1_800_000_000,
            version: Site::registry().version(),
        };
        let value = record.encode(&a);
        assert_eq!(Consent::decode(&value, &a), Ok(record));
        assert_eq!(verified::get(a.id, value.as_bytes()), Some(record));
        // Same bytes, another key: checked again, and refused.
        assert_eq!(verified::get(b.id, value.as_bytes()), None);
        assert_eq!(Consent::decode(&value, &b), Err(ConsentError::BadSignature));
        // A clone of the key is the same key.
        assert_eq!(Consent::decode(&value, &a.clone()), Ok(record));
        // A changed byte misses the cache and fails the signature.
        let changed = value.replacen("1.5.", "1.7.", 1);
        assert_eq!(verified::get(a.id, changed.as_bytes()), None);
        assert_eq!(
            Consent::decode(&changed, &a),
            Err(ConsentError::BadSignature)
        );
        assert_eq!(verified::get(a.id, changed.as_bytes()), None);
        // Bytes that are not UTF-8 are refused as malformed, and not kept.
        let mut bad = value.clone().into_bytes();
        bad[2] = 0xff;
        assert_eq!(
            Consent::decode_bytes(&bad, &a),
            Err(ConsentError::Malformed)
        );
        assert_eq!(verified::get(a.id, &bad), None);
    }

    /// A record with an id carries it through the cookie, under the signature.
    #[test]
    fn the_id_travels_signed() {
        let key = ConsentKey::from_bytes(&[4; 32]).unwrap();
        let registry = Site::registry();
        let id = ConsentId::random().unwrap();
        let consent = Consent::accept_all(registry, SystemTime::now()).with_id(id);
        let value = consent.encode(&key);
        assert!(value.starts_with(&format!("2.{}.", id.hex())), "{value}");
        let read = Consent::decode(&value, &key).unwrap();
        assert_eq!((read.id(), read), (Some(id), consent));
        // Another id under the same signature is a forgery.
        let other = ConsentId::random().unwrap();
        let forged = value.replacen(&id.hex(), &other.hex(), 1);
        assert_eq!(
            Consent::decode(&forged, &key),
            Err(ConsentError::BadSignature)
        );
        // Two random ids differ, and the version and variant bits are set.
        assert_ne!(id, other);
        assert_eq!((id.as_bytes()[6] >> 4, id.as_bytes()[8] >> 6), (4, 2));
        // An id of the wrong length is malformed, signed or not.
        let short = value.replacen(&id.hex(), &id.hex()[..30], 1);
        assert_eq!(Consent::decode(&short, &key), Err(ConsentError::Malformed));
    }

    /// Issue 8: a signed record whose time `SystemTime` cannot hold made `given_at` panic.
    #[test]
    fn a_signed_record_from_beyond_time_is_malformed() {
        let key = ConsentKey::from_bytes(&[3; 32]).unwrap();
        let version = Site::registry().version();
        for given_at in [u64::MAX, i64::MAX as u64 + 1] {
            let record = Consent {
                id: None,
                granted: 0xf,
                given_at,
                version,
            };
            let value = record.encode(&key);
            assert_eq!(Consent::decode(&value, &key), Err(ConsentError::Malformed));
        }
        let latest = Consent {
            id: None,
            granted: 0x1,
            given_at: 4_000_000_000,
            version,
        };
        let read = Consent::decode(&latest.encode(&key), &key).unwrap();
        assert_eq!(
            read.given_at(),
            UNIX_EPOCH + Duration::from_secs(4_000_000_000)
        );
    }
}
