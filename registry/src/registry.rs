//! The [`CookieRegistry`] trait that the derive implements, and the type-erased [`Registry`].

use std::borrow::Cow;
use std::fmt;

use cookie_registry_rules::hash::StableHasher;
use cookie_registry_rules::name::common_match;

use crate::declaration::Declaration;
use crate::index::NameIndex;

/// A set of declared cookies: implemented by `#[derive(CookieRegistry)]` on an enum, one variant
/// per cookie, or by `#[cookie_registry::registry]` on a module of name constants.
///
/// Do not implement it by hand: the derive checks the declarations and lays out the lookup
/// tables. The enum needs no other derive; `Clone, Copy, Debug, PartialEq, Eq` make its values
/// easier to pass around and compare, as in the examples.
///
/// ```
/// use cookie_registry::CookieRegistry;
///
/// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
/// #[registry(provider = "Opendatasoft")]
/// enum SiteCookie {
///     #[cookie(name = "sessionid", service = "Authentication", purpose = "Remember the user",
///         category = "necessary", lifetime = "14d", http_only, same_site = "lax")]
///     Session,
///     #[cookie(name = "_pk_id.*", provider = "Matomo", service = "Audience measurement",
///         purpose = "Count visits", category = "statistics", lifetime = "13mo", consent_exempt)]
///     AudienceId,
/// }
///
/// assert_eq!(SiteCookie::ALL, [SiteCookie::Session, SiteCookie::AudienceId]);
/// assert_eq!(SiteCookie::Session.name(), "sessionid");
/// assert_eq!(SiteCookie::lookup("_pk_id.1a2b"), Some(SiteCookie::AudienceId));
/// assert_eq!(SiteCookie::lookup("_pk_ses.1"), None);
/// assert_eq!(SiteCookie::registry().declarations().count(), 2);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a cookie registry",
    label = "not a cookie registry",
    note = "derive `CookieRegistry` on an enum, or put `#[cookie_registry::registry]` on a module of cookie-name constants"
)]
pub trait CookieRegistry: Sized + 'static {
    /// Every declared cookie, in declaration order.
    const ALL: &'static [Self];

    #[doc(hidden)]
    const __DECLARATIONS: &'static [Declaration];

    #[doc(hidden)]
    const __STUB: bool = false;

    /// What this cookie's `#[cookie(...)]` declares.
    fn declaration(&self) -> &'static Declaration;

    /// The declared name or pattern, as written (`sessionid`, `_pk_id.*`).
    fn name(&self) -> &'static str {
        self.declaration().name()
    }

    /// The cookie called `name`: exact names first, then patterns.
    fn lookup(name: &str) -> Option<Self>;

    /// The type-erased view of all declarations, for renderers, validators and middleware.
    fn registry() -> &'static Registry;

    /// A cookie with this name, `value` and every declared attribute; see
    /// [`Declaration::cookie`]. (Feature `cookie`.)
    ///
    /// # Errors
    ///
    /// A value that is not cookie-octets, or a pattern declaration.
    #[cfg(feature = "cookie")]
    fn cookie(
        &self,
        value: impl Into<String>,
    ) -> Result<cookie::Cookie<'static>, crate::build::BuildError> {
        self.declaration().cookie(value)
    }

    /// A cookie named `name`, which must match this pattern; see
    /// [`Declaration::cookie_named`]. (Feature `cookie`.)
    ///
    /// # Errors
    ///
    /// A name that does not match, or a value that is not cookie-octets.
    #[cfg(feature = "cookie")]
    fn cookie_named(
        &self,
        name: &str,
        value: impl Into<String>,
    ) -> Result<cookie::Cookie<'static>, crate::build::BuildError> {
        self.declaration().cookie_named(name, value)
    }

    /// The cookie that deletes this one; see [`Declaration::removal`]. (Feature `cookie`.)
    ///
    /// # Errors
    ///
    /// A pattern declaration (use [`Declaration::removal_named`]).
    #[cfg(feature = "cookie")]
    fn removal(&self) -> Result<cookie::Cookie<'static>, crate::build::BuildError> {
        self.declaration().removal()
    }
}

/// One registry's declarations, as the derive lays them out.
#[doc(hidden)]
#[derive(Debug)]
pub struct RegistryPart {
    pub(crate) name: &'static str,
    pub(crate) languages: &'static [&'static str],
    pub(crate) declarations: &'static [Declaration],
    pub(crate) index: NameIndex,
    pub(crate) version: u64,
}

impl RegistryPart {
    #[doc(hidden)]
    pub const fn __new(
        name: &'static str,
        languages: &'static [&'static str],
        declarations: &'static [Declaration],
        index: NameIndex,
        version: u64,
    ) -> Self {
        RegistryPart {
            name,
            languages,
            declarations,
            index,
            version,
        }
    }

    #[doc(hidden)]
    #[inline]
    pub fn __lookup(&self, name: &str) -> Option<usize> {
        self.lookup_bytes(name.as_bytes())
    }

    #[inline]
    fn lookup_bytes(&self, name: &[u8]) -> Option<usize> {
        self.index.exact(name).or_else(|| self.index.pattern(name))
    }
}

/// All the declarations of one registry, or of several combined, without their enum type: what
/// renderers, validators and middleware work on. It is `'static` and `Sync`.
///
/// ```
/// use cookie_registry::{CookieRegistry, Registry};
/// # #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
/// # #[registry(provider = "Opendatasoft")]
/// # enum SiteCookie {
/// #     #[cookie(name = "sessionid", service = "Authentication", purpose = "Remember the user",
/// #         category = "necessary", lifetime = "14d")]
/// #     Session,
/// # }
/// let registry: &'static Registry = SiteCookie::registry();
/// let session = registry.lookup("sessionid").unwrap();
/// assert_eq!(session.provider(), "Opendatasoft");
/// assert!(registry.lookup("tracker").is_none());
/// assert_eq!(registry.version(), SiteCookie::registry().version());
/// ```
#[derive(Debug)]
pub struct Registry {
    parts: Cow<'static, [&'static RegistryPart]>,
    languages: Cow<'static, [&'static str]>,
    version: u64,
}

impl Registry {
    #[doc(hidden)]
    pub const fn __single(parts: &'static [&'static RegistryPart; 1]) -> Self {
        Registry {
            parts: Cow::Borrowed(parts),
            languages: Cow::Borrowed(parts[0].languages),
            version: parts[0].version,
        }
    }

    /// Every declaration, registry by registry, in declaration order.
    pub fn declarations(&self) -> impl ExactSizeIterator<Item = &'static Declaration> + '_ {
        let len = self.len();
        Declarations {
            inner: self.parts.iter().flat_map(|p| p.declarations.iter()),
            len,
        }
    }

    /// How many declarations there are.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.declarations.len()).sum()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The declaration of the cookie called `name`: exact names first, then patterns.
    #[inline]
    pub fn lookup(&self, name: &str) -> Option<&'static Declaration> {
        self.lookup_bytes(name.as_bytes())
    }

    /// [`lookup`](Registry::lookup) of a name as sent, in bytes that need not be UTF-8 (a
    /// `Cookie` header's). The same answer as for the name read with U+FFFD for bad bytes:
    /// declared names, prefixes and suffixes are ASCII, which that reading keeps, and a bad
    /// byte can only stand in a pattern's `*`, empty in neither reading or in both.
    #[inline]
    pub(crate) fn lookup_bytes(&self, name: &[u8]) -> Option<&'static Declaration> {
        if let [part] = &*self.parts {
            return part.lookup_bytes(name).map(|i| &part.declarations[i]);
        }
        let hash = cookie_registry_rules::hash::name_hash(name);
        self.parts
            .iter()
            .find_map(|p| p.index.exact_hashed(name, hash).map(|i| &p.declarations[i]))
            .or_else(|| {
                self.parts
                    .iter()
                    .find_map(|p| p.index.pattern(name).map(|i| &p.declarations[i]))
            })
    }

    /// A stable hash of everything consent depends on: names, providers, services, purposes,
    /// categories, consent exemptions, parties and lifetimes. It is computed at compile time,
    /// is the same on every build and machine, and changes when any of these change; the order
    /// of the declarations does not matter. Visitors are asked for consent again when it changes.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The declared languages, in order (for combined registries, the union in order of first
    /// appearance). Empty when texts are plain.
    pub fn languages(&self) -> &[&'static str] {
        &self.languages
    }

    /// The names of the registries (enum types) this one is made of.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.parts.iter().map(|p| p.name)
    }

    /// Combines several registries (a library's cookies and the application's) into one, for
    /// rendering and validation.
    ///
    /// An exact name that a pattern of another registry also matches is no conflict: the
    /// exact name wins, as it does within one registry (`_ga_x` beside `_ga_*`: `_ga_x` is
    /// the exact declaration's, every other `_ga_…` the pattern's).
    ///
    /// # Errors
    ///
    /// The same exact name in two of them, or two patterns that can match one name, is a
    /// [`CombineError`] listing every conflict, with both declarations.
    ///
    /// ```
    /// use cookie_registry::{CookieRegistry, Registry};
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Site")]
    /// enum App {
    ///     #[cookie(name = "sessionid", service = "Login", purpose = "Remember the user",
    ///         category = "necessary", lifetime = "14d")]
    ///     Session,
    /// }
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Matomo")]
    /// enum Analytics {
    ///     #[cookie(name = "_pk_id.*", service = "Statistics", purpose = "Count visits",
    ///         category = "statistics", lifetime = "13mo", consent_exempt)]
    ///     Id,
    /// }
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Other")]
    /// enum Clash {
    ///     #[cookie(name = "_pk_id.*", service = "Statistics", purpose = "Count visits",
    ///         category = "statistics", lifetime = "1d")]
    ///     Id,
    /// }
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Fixed")]
    /// enum Fixed {
    ///     #[cookie(name = "_pk_id.fixed", service = "Fixed", purpose = "One fixed id",
    ///         category = "necessary", lifetime = "1h")]
    ///     Id,
    /// }
    ///
    /// let site = Registry::combine([App::registry(), Analytics::registry()]).unwrap();
    /// assert_eq!(site.len(), 2);
    /// assert_eq!(site.lookup("_pk_id.7").unwrap().provider(), "Matomo");
    ///
    /// // An exact name inside a pattern: the exact name wins.
    /// let both = Registry::combine([Analytics::registry(), Fixed::registry()]).unwrap();
    /// assert_eq!(both.lookup("_pk_id.fixed").unwrap().provider(), "Fixed");
    /// assert_eq!(both.lookup("_pk_id.7").unwrap().provider(), "Matomo");
    ///
    /// let err = Registry::combine([Analytics::registry(), Clash::registry()]).unwrap_err();
    /// assert_eq!(err.conflicts().len(), 1);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "cookie `_pk_id.*` of `Clash` is already declared as `_pk_id.*` by `Analytics` (both cover `_pk_id.x`)",
    /// );
    /// ```
    pub fn combine(
        registries: impl IntoIterator<Item = &'static Registry>,
    ) -> Result<Registry, CombineError> {
        let mut parts: Vec<&'static RegistryPart> = Vec::new();
        for registry in registries {
            for &part in registry.parts.iter() {
                if !parts.iter().any(|p| std::ptr::eq(*p, part)) {
                    parts.push(part);
                }
            }
        }
        let mut conflicts = Vec::new();
        for (i, earlier) in parts.iter().enumerate() {
            for later in &parts[i + 1..] {
                for second in later.declarations {
                    for first in earlier.declarations {
                        if let Some(example) = shared_name(first, second) {
                            conflicts.push(Conflict {
                                first,
                                second,
                                example,
                            });
                        }
                    }
                }
            }
        }
        if !conflicts.is_empty() {
            return Err(CombineError { conflicts });
        }
        let mut languages: Vec<&'static str> = Vec::new();
        for part in &parts {
            for &lang in part.languages {
                if !languages.contains(&lang) {
                    languages.push(lang);
                }
            }
        }
        let mut versions: Vec<u64> = parts.iter().map(|p| p.version).collect();
        versions.sort_unstable();
        let mut hasher = StableHasher::new();
        for v in versions {
            hasher.write_u64(v);
        }
        Ok(Registry {
            parts: Cow::Owned(parts),
            languages: Cow::Owned(languages),
            version: hasher.finish(),
        })
    }
}

/// A name both declarations claim, if any: the same exact name, or a name two patterns both
/// match. An exact name inside a pattern is no claim on the same name: the exact name wins, as
/// within one registry (the macros allow `_ga_x` beside `_ga_*`).
fn shared_name(a: &Declaration, b: &Declaration) -> Option<String> {
    match (a.pattern(), b.pattern()) {
        (None, None) => (a.name() == b.name()).then(|| a.name().to_owned()),
        (Some(_), None) | (None, Some(_)) => None,
        (Some(p), Some(q)) => common_match((p.prefix(), p.suffix()), (q.prefix(), q.suffix())),
    }
}

struct Declarations<I> {
    inner: I,
    len: usize,
}

impl<I: Iterator<Item = &'static Declaration>> Iterator for Declarations<I> {
    type Item = &'static Declaration;

    fn next(&mut self) -> Option<Self::Item> {
        let next = self.inner.next()?;
        self.len -= 1;
        Some(next)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len, Some(self.len))
    }
}

impl<I: Iterator<Item = &'static Declaration>> ExactSizeIterator for Declarations<I> {}

/// Two registries passed to [`Registry::combine`] declare the same cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CombineError {
    conflicts: Vec<Conflict>,
}

impl CombineError {
    /// Every conflict found (never empty).
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }
}

impl fmt::Display for CombineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.conflicts.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CombineError {}

/// One cookie declared by two registries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    first: &'static Declaration,
    second: &'static Declaration,
    example: String,
}

impl Conflict {
    /// The declaration in the registry given first.
    pub fn first(&self) -> &'static Declaration {
        self.first
    }

    /// The declaration in the registry given later.
    pub fn second(&self) -> &'static Declaration {
        self.second
    }

    /// A cookie name both declarations cover.
    pub fn example(&self) -> &str {
        &self.example
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cookie `{}` of `{}` is already declared as `{}` by `{}`",
            self.second.name(),
            self.second.registry_name(),
            self.first.name(),
            self.first.registry_name()
        )?;
        if self.example != self.first.name() && self.example != self.second.name() {
            write!(f, " (both cover `{}`)", self.example)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::CookieRegistry;

    #[derive(crate::CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "P", crate = "crate")]
    enum Names {
        #[cookie(
            name = "lang",
            service = "S",
            purpose = "P",
            category = "necessary",
            lifetime = "1d"
        )]
        Lang,
        #[cookie(
            name = "ab*_end",
            service = "S",
            purpose = "P",
            category = "statistics",
            lifetime = "1d"
        )]
        Both,
        #[cookie(
            name = "*_sfx",
            service = "S",
            purpose = "P",
            category = "statistics",
            lifetime = "1d"
        )]
        Suffix,
    }

    /// A name as sent, in bytes, finds what the same name read with U+FFFD finds: for bad
    /// bytes (a lone continuation byte, a truncated sequence, a byte never in UTF-8) at every
    /// place of names that match exactly, by a pattern, or not at all.
    #[test]
    fn a_name_in_bytes_finds_what_its_lossy_reading_finds() {
        let registry = Names::registry();
        let bad: [&[u8]; 4] = [b"\x80", b"\xe9", b"\xe2\x82", b"\xff\xfe"];
        for name in ["lang", "ab1_end", "ab_end", "x_sfx", "_sfx", "other"] {
            let name = name.as_bytes();
            for at in 0..=name.len() {
                for bytes in bad {
                    for replace in [false, true] {
                        let end = if replace {
                            (at + 1).min(name.len())
                        } else {
                            at
                        };
                        let raw = [&name[..at], bytes, &name[end..]].concat();
                        let lossy = String::from_utf8_lossy(&raw);
                        assert_eq!(
                            registry.lookup_bytes(&raw).map(|d| d.name()),
                            registry.lookup(&lossy).map(|d| d.name()),
                            "{raw:?}"
                        );
                    }
                }
            }
            let text = std::str::from_utf8(name).unwrap();
            assert_eq!(
                registry.lookup_bytes(name).map(|d| d.name()),
                registry.lookup(text).map(|d| d.name())
            );
        }
        // The cases that match: a bad byte where the pattern's `*` stands.
        assert_eq!(
            registry.lookup_bytes(b"ab\x80_end").map(|d| d.name()),
            Some("ab*_end")
        );
        assert_eq!(
            registry.lookup_bytes(b"\xff_sfx").map(|d| d.name()),
            Some("*_sfx")
        );
        assert_eq!(registry.lookup_bytes(b"la\xe9ng"), None);
    }
}
