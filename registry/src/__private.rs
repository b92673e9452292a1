//! What the generated code reaches, and nothing else should. Not public API: it changes without
//! notice.

pub use crate::declaration::{
    Category, Declaration, Lifetime, LifetimeUnit, NamePattern, Party, SameSite, Text,
};
pub use crate::index::NameIndex;
pub use crate::registry::{CookieRegistry, Registry, RegistryPart};
use cookie_registry_rules::name::{bytes_eq, pattern_matches_bytes};

/// The fields of a [`Declaration`], for the derive to fill in.
#[derive(Debug)]
pub struct RawDeclaration {
    pub name: &'static str,
    pub pattern: Option<(&'static str, &'static str)>,
    pub registry: &'static str,
    pub variant: &'static str,
    pub provider: &'static str,
    pub provider_url: Option<&'static str>,
    pub service: Text,
    pub purpose: Text,
    pub category: Category,
    pub lifetime: Lifetime,
    pub party: Party,
    pub consent_exempt: bool,
    pub secure: bool,
    pub http_only: bool,
    pub same_site: Option<SameSite>,
    pub path: Option<&'static str>,
    pub domain: Option<&'static str>,
    pub partitioned: bool,
}

impl RawDeclaration {
    /// The fields the derive leaves out when a declaration has their value: none of the
    /// optional attributes, the registry's name and its most common provider. The derive
    /// always gives the name, variant, texts, category and lifetime.
    pub const fn base(registry: &'static str, provider: &'static str) -> Self {
        RawDeclaration {
            name: "",
            pattern: None,
            registry,
            variant: "",
            provider,
            provider_url: None,
            service: Text::__new(&[]),
            purpose: Text::__new(&[]),
            category: Category::Necessary,
            lifetime: Lifetime::Session,
            party: Party::First,
            consent_exempt: false,
            secure: false,
            http_only: false,
            same_site: None,
            path: None,
            domain: None,
            partitioned: false,
        }
    }
}

/// Builds a declaration from its fields.
pub const fn declaration(raw: RawDeclaration) -> Declaration {
    Declaration {
        name: raw.name,
        pattern: match raw.pattern {
            Some((prefix, suffix)) => Some(NamePattern { prefix, suffix }),
            None => None,
        },
        registry: raw.registry,
        variant: raw.variant,
        provider: raw.provider,
        provider_url: raw.provider_url,
        service: raw.service,
        purpose: raw.purpose,
        category: raw.category,
        lifetime: raw.lifetime,
        party: raw.party,
        consent_exempt: raw.consent_exempt,
        secure: raw.secure,
        http_only: raw.http_only,
        same_site: raw.same_site,
        path: raw.path,
        domain: raw.domain,
        partitioned: raw.partitioned,
    }
}

/// Capacity of a [`Message`].
const MESSAGE_CAPACITY: usize = 1024;

/// A message built during constant evaluation, for `panic!` in `cookie!`.
#[derive(Debug)]
pub struct Message {
    buf: [u8; MESSAGE_CAPACITY],
    len: usize,
}

impl Message {
    const fn new() -> Self {
        Message {
            buf: [0; MESSAGE_CAPACITY],
            len: 0,
        }
    }

    /// Appends `s` whole, or nothing when it does not fit (so the text stays valid UTF-8).
    const fn push(mut self, s: &str) -> Self {
        let bytes = s.as_bytes();
        if self.len + bytes.len() > MESSAGE_CAPACITY {
            return self;
        }
        let mut i = 0;
        while i < bytes.len() {
            self.buf[self.len + i] = bytes[i];
            i += 1;
        }
        self.len += bytes.len();
        self
    }

    /// The message.
    pub const fn as_str(&self) -> &str {
        match core::str::from_utf8(self.buf.split_at(self.len).0) {
            Ok(s) => s,
            Err(_) => "no cookie with that name is declared",
        }
    }
}

/// The index in `declarations` of the cookie called `name` (exact names first, then patterns),
/// or the compile error of `cookie!`, with a suggestion. Only ever evaluated at compile time, so
/// the size of the error does not matter.
#[allow(clippy::result_large_err)]
pub const fn resolve(
    declarations: &[Declaration],
    stub: bool,
    variants: usize,
    registry: &str,
    name: &str,
) -> Result<usize, Message> {
    if stub {
        // The registry failed to compile and said why: resolve to any variant, so that no
        // follow-on error hides those errors. Without a variant there is nothing to resolve to.
        return if variants > 0 {
            Ok(0)
        } else {
            Err(Message::new()
                .push("`")
                .push(registry)
                .push("` failed to compile (see its errors), so `")
                .push(name)
                .push("` cannot be checked"))
        };
    }
    let wanted = name.as_bytes();
    let mut i = 0;
    while i < declarations.len() {
        if declarations[i].pattern.is_none() && bytes_eq(declarations[i].name.as_bytes(), wanted) {
            return Ok(i);
        }
        i += 1;
    }
    let mut i = 0;
    while i < declarations.len() {
        if let Some(p) = declarations[i].pattern {
            if pattern_matches_bytes(p.prefix.as_bytes(), p.suffix.as_bytes(), wanted) {
                return Ok(i);
            }
        }
        i += 1;
    }
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < declarations.len() {
        let d =
            cookie_registry_rules::suggest::edit_distance(wanted, declarations[i].name.as_bytes());
        let better = match best {
            Some((_, bd)) => d < bd,
            None => true,
        };
        if cookie_registry_rules::suggest::close_enough(wanted, d) && better {
            best = Some((i, d));
        }
        i += 1;
    }
    let message = Message::new()
        .push("no cookie named `")
        .push(name)
        .push("` is declared in `")
        .push(registry)
        .push("`");
    Err(match best {
        Some((i, _)) => message
            .push("; did you mean `")
            .push(declarations[i].name)
            .push("`?"),
        None => message
            .push("; declare it with `#[cookie(name = \"")
            .push(name)
            .push("\", ...)]`"),
    })
}
