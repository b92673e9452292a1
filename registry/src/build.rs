//! Typed builders for the `cookie` crate's [`cookie::Cookie`] (feature `cookie`, on by
//! default): a cookie that carries every declared attribute, or an error.

use std::borrow::Cow;
use std::fmt;

use cookie::Cookie;
use cookie_registry_rules::name::{DisplayChar, is_cookie_octet, is_token_byte};

use crate::declaration::Declaration;
use crate::set_cookie::MAX_NAME_VALUE;

/// Why a cookie cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// The value has a character outside cookie-octets (6265bis §4.1.1): `;`, `,`, `"`, `\`,
    /// a space, a control character or non-ASCII. Encode it first (base64, percent-encoding).
    InvalidValue {
        /// Byte offset.
        index: usize,
        /// The character.
        ch: char,
    },
    /// Name and value together are over 4096 bytes (6265bis §5.6 step 5).
    TooLarge {
        /// Their length.
        len: usize,
    },
    /// The declaration is a pattern: give the cookie's real name with
    /// [`Declaration::cookie_named`].
    PatternNeedsName {
        /// The declared pattern.
        pattern: &'static str,
    },
    /// The name does not match the declaration (or is not a valid cookie name).
    NameDoesNotMatch {
        /// The name given.
        name: String,
        /// The declared name or pattern.
        declared: &'static str,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidValue { index, ch } => write!(
                f,
                "{} at byte {index} is not allowed in a cookie value: encode the value (base64 or percent-encoding)",
                DisplayChar(*ch)
            ),
            BuildError::TooLarge { len } => {
                write!(
                    f,
                    "name and value are {len} bytes, over the 4096 browsers keep"
                )
            }
            BuildError::PatternNeedsName { pattern } => write!(
                f,
                "`{pattern}` is a pattern: give the cookie's name with `cookie_named`"
            ),
            BuildError::NameDoesNotMatch { name, declared } => {
                write!(f, "`{name}` is not a cookie declared as `{declared}`")
            }
        }
    }
}

impl std::error::Error for BuildError {}

fn check_value(value: &str) -> Result<(), BuildError> {
    match value
        .char_indices()
        .find(|&(_, c)| !c.is_ascii() || !is_cookie_octet(c as u8))
    {
        Some((index, ch)) => Err(BuildError::InvalidValue { index, ch }),
        None => Ok(()),
    }
}

impl Declaration {
    /// The name to build with: the declared one, or `name` when it matches the pattern.
    fn build_name(&'static self, name: Option<&str>) -> Result<Cow<'static, str>, BuildError> {
        match (self.pattern(), name) {
            (None, None) => Ok(Cow::Borrowed(self.name())),
            (Some(_), None) => Err(BuildError::PatternNeedsName {
                pattern: self.name(),
            }),
            (_, Some(name)) => {
                let token = !name.is_empty() && name.bytes().all(is_token_byte);
                if token && self.matches(name) {
                    Ok(Cow::Owned(name.to_owned()))
                } else {
                    Err(BuildError::NameDoesNotMatch {
                        name: name.to_owned(),
                        declared: self.name(),
                    })
                }
            }
        }
    }

    /// Every declared attribute, and `Max-Age` from the lifetime.
    fn with_attributes(
        &'static self,
        mut c: Cookie<'static>,
        max_age: Option<i64>,
    ) -> Cookie<'static> {
        if let Some(path) = self.path() {
            c.set_path(path);
        }
        if let Some(domain) = self.domain() {
            c.set_domain(domain);
        }
        if self.secure() {
            c.set_secure(true);
        }
        if self.http_only() {
            c.set_http_only(true);
        }
        if let Some(s) = self.same_site() {
            c.set_same_site(cookie::SameSite::from(s));
        }
        if self.partitioned() {
            c.set_partitioned(true);
        }
        if let Some(seconds) = max_age {
            c.set_max_age(cookie::time::Duration::seconds(seconds));
        }
        c
    }

    fn build(
        &'static self,
        name: Option<&str>,
        value: String,
    ) -> Result<Cookie<'static>, BuildError> {
        let name = self.build_name(name)?;
        check_value(&value)?;
        if name.len() + value.len() > MAX_NAME_VALUE {
            return Err(BuildError::TooLarge {
                len: name.len() + value.len(),
            });
        }
        let max_age = self
            .lifetime()
            .seconds()
            .map(|s| i64::try_from(s).unwrap_or(i64::MAX));
        Ok(self.with_attributes(Cookie::new(name, value), max_age))
    }

    /// A cookie with this declaration's name and every declared attribute (`Path`, `Domain`,
    /// `Secure`, `HttpOnly`, `SameSite`, `Partitioned`, and `Max-Age` from the lifetime).
    ///
    /// # Errors
    ///
    /// A value outside cookie-octets (no `;`, space, quote, control character: encode it
    /// first), a name and value over 4096 bytes, or a pattern declaration (use
    /// [`cookie_named`](Declaration::cookie_named)).
    ///
    /// ```
    /// use cookie_registry::CookieRegistry;
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Opendatasoft")]
    /// enum SiteCookie {
    ///     #[cookie(name = "sessionid", service = "Login", purpose = "Remember the user",
    ///         category = "necessary", lifetime = "14d", secure, http_only, same_site = "lax", path = "/")]
    ///     Session,
    /// }
    /// let cookie = SiteCookie::Session.cookie("abc123")?;
    /// assert_eq!(cookie.to_string(),
    ///     "sessionid=abc123; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=1209600");
    /// assert!(SiteCookie::registry().check(&cookie.to_string()).is_ok());
    /// assert!(SiteCookie::Session.cookie("a; Domain=evil.com").is_err());
    /// # Ok::<(), cookie_registry::build::BuildError>(())
    /// ```
    pub fn cookie(&'static self, value: impl Into<String>) -> Result<Cookie<'static>, BuildError> {
        self.build(None, value.into())
    }

    /// [`cookie`](Declaration::cookie) for a pattern declaration: `name` must match it.
    ///
    /// # Errors
    ///
    /// As [`cookie`](Declaration::cookie), and a name that does not match.
    pub fn cookie_named(
        &'static self,
        name: &str,
        value: impl Into<String>,
    ) -> Result<Cookie<'static>, BuildError> {
        self.build(Some(name), value.into())
    }

    /// The cookie that deletes this one: empty value, `Max-Age=0`, and the declared `Path`,
    /// `Domain` and flags (browsers only accept a prefixed cookie's deletion with them).
    ///
    /// # Errors
    ///
    /// A pattern declaration: use [`removal_named`](Declaration::removal_named).
    pub fn removal(&'static self) -> Result<Cookie<'static>, BuildError> {
        let name = self.build_name(None)?;
        Ok(self.with_attributes(Cookie::new(name, ""), Some(0)))
    }

    /// [`removal`](Declaration::removal) for a pattern declaration: `name` must match it.
    ///
    /// # Errors
    ///
    /// A name that does not match.
    pub fn removal_named(&'static self, name: &str) -> Result<Cookie<'static>, BuildError> {
        let name = self.build_name(Some(name))?;
        Ok(self.with_attributes(Cookie::new(name, ""), Some(0)))
    }
}
