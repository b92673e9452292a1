//! Declared lifetimes (`session`, `14d`, `13mo`, ...) and the caps that bound them.
//!
//! Conversions: a minute is 60 s, an hour 3,600 s, a day 86,400 s, a week 7 days. A year is the
//! mean Gregorian year, 365.2425 days (31,556,952 s), and a month is a twelfth of it,
//! 30.436875 days (2,629,746 s), so that `12mo` equals `1y` and `6mo` is half a year.

use core::fmt;
use core::time::Duration;

/// Seconds in a day.
pub const DAY: u64 = 86_400;
/// Seconds in a mean Gregorian year (365.2425 days).
pub const YEAR: u64 = 31_556_952;
/// Seconds in a month: a twelfth of [`YEAR`].
pub const MONTH: u64 = YEAR / 12;

/// The most a browser keeps a cookie: 400 days (6265bis §5.5, the Expires and Max-Age clamps).
/// A longer declared lifetime would make the policy page lie.
pub const BROWSER_CAP: u64 = 400 * DAY;

/// The longest lifetime of a consent-exempt audience-measurement tracker: 13 months, not extended
/// on each visit (CNIL délibération 2020-091, lignes directrices, on audience measurement). With
/// the month above, 395.7 days: `13mo` and `395d` are within it, `396d` is not.
pub const CNIL_AUDIENCE_CAP: u64 = 13 * MONTH;

/// A unit of a declared lifetime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// `s`
    Second,
    /// `m`
    Minute,
    /// `h`
    Hour,
    /// `d`
    Day,
    /// `w`
    Week,
    /// `mo`
    Month,
    /// `y`
    Year,
}

impl Unit {
    /// Every unit, shortest first.
    pub const ALL: [Unit; 7] = [
        Unit::Second,
        Unit::Minute,
        Unit::Hour,
        Unit::Day,
        Unit::Week,
        Unit::Month,
        Unit::Year,
    ];

    /// Seconds in one of this unit.
    pub const fn seconds(self) -> u64 {
        match self {
            Unit::Second => 1,
            Unit::Minute => 60,
            Unit::Hour => 3_600,
            Unit::Day => DAY,
            Unit::Week => 7 * DAY,
            Unit::Month => MONTH,
            Unit::Year => YEAR,
        }
    }

    /// The suffix that writes this unit in a declaration.
    pub const fn suffix(self) -> &'static str {
        match self {
            Unit::Second => "s",
            Unit::Minute => "m",
            Unit::Hour => "h",
            Unit::Day => "d",
            Unit::Week => "w",
            Unit::Month => "mo",
            Unit::Year => "y",
        }
    }
}

/// How long a browser keeps the cookie, as declared: `session` or a number of some unit.
///
/// A month is a twelfth of the mean Gregorian year (2,629,746 s, 30.44 days) and a year is
/// 365.2425 days (31,556,952 s), so `12mo` equals `1y`.
///
/// ```
/// use cookie_registry_rules::lifetime::{Lifetime, Unit};
/// let two_weeks = Lifetime::Duration { amount: 2, unit: Unit::Week };
/// assert_eq!(two_weeks.seconds(), Some(1_209_600));
/// assert_eq!(two_weeks.to_string(), "2w");
/// assert_eq!(Lifetime::Session.seconds(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lifetime {
    /// Until the browser session ends: no `Max-Age` nor `Expires`.
    Session,
    /// A fixed duration, kept in the unit it was declared in (so the policy page can say
    /// "13 mois" rather than "395 jours").
    Duration {
        /// How many units.
        amount: u64,
        /// Which unit.
        unit: Unit,
    },
}

impl Lifetime {
    /// The duration in seconds (`Max-Age`), or `None` for a session cookie. Saturates at
    /// `u64::MAX` for an amount no calendar holds ([`parse`] refuses those; a `Lifetime` built
    /// by hand may say anything).
    ///
    /// ```
    /// use cookie_registry_rules::lifetime::{Lifetime, Unit};
    /// let huge = Lifetime::Duration { amount: u64::MAX, unit: Unit::Year };
    /// assert_eq!(huge.seconds(), Some(u64::MAX));
    /// ```
    pub const fn seconds(self) -> Option<u64> {
        match self {
            Lifetime::Session => None,
            Lifetime::Duration { amount, unit } => Some(amount.saturating_mul(unit.seconds())),
        }
    }

    /// The duration, or `None` for a session cookie.
    ///
    /// ```
    /// use cookie_registry_rules::lifetime::{Lifetime, Unit};
    /// let d = Lifetime::Duration { amount: 30, unit: Unit::Minute };
    /// assert_eq!(d.as_duration(), Some(std::time::Duration::from_secs(1800)));
    /// ```
    pub const fn as_duration(self) -> Option<Duration> {
        match self.seconds() {
            Some(s) => Some(Duration::from_secs(s)),
            None => None,
        }
    }

    /// Whether this is a session cookie.
    pub const fn is_session(self) -> bool {
        matches!(self, Lifetime::Session)
    }
}

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lifetime::Session => f.write_str("session"),
            Lifetime::Duration { amount, unit } => write!(f, "{amount}{}", unit.suffix()),
        }
    }
}

/// Why a lifetime declaration does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LifetimeError {
    /// No number before the unit, as in `d`.
    MissingAmount,
    /// No unit after the number, as in `14`.
    MissingUnit,
    /// A unit that is not one of `s m h d w mo y`.
    UnknownUnit(String),
    /// A zero duration: a cookie that expires at once is a deletion, not a lifetime.
    Zero,
    /// More seconds than fit in 64 bits.
    Overflow,
}

impl fmt::Display for LifetimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LifetimeError::MissingAmount => {
                f.write_str("a lifetime needs a number before its unit")
            }
            LifetimeError::MissingUnit => f.write_str("a lifetime needs a unit after its number"),
            LifetimeError::UnknownUnit(u) => write!(f, "unknown lifetime unit `{u}`"),
            LifetimeError::Zero => f.write_str("a lifetime of zero is a deletion, not a lifetime"),
            LifetimeError::Overflow => f.write_str("the lifetime is too large"),
        }
    }
}

/// The accepted forms, for error messages.
pub const FORMS: &str =
    "`session`, or a number and a unit: `30s`, `30m`, `12h`, `14d`, `2w`, `6mo`, `1y`";

/// Parses a lifetime declaration.
///
/// ```
/// use cookie_registry_rules::lifetime::{parse, Lifetime, Unit, MONTH};
/// assert_eq!(parse("session"), Ok(Lifetime::Session));
/// assert_eq!(parse("13mo"), Ok(Lifetime::Duration { amount: 13, unit: Unit::Month }));
/// assert_eq!(parse("13mo").unwrap().seconds(), Some(13 * MONTH));
/// assert!(parse("14 days").is_err());
/// ```
pub fn parse(text: &str) -> Result<Lifetime, LifetimeError> {
    if text == "session" {
        return Ok(Lifetime::Session);
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    if number.is_empty() {
        return Err(LifetimeError::MissingAmount);
    }
    if unit.is_empty() {
        return Err(LifetimeError::MissingUnit);
    }
    let unit = Unit::ALL
        .into_iter()
        .find(|u| u.suffix() == unit)
        .ok_or_else(|| LifetimeError::UnknownUnit(unit.to_owned()))?;
    let amount: u64 = number.parse().map_err(|_| LifetimeError::Overflow)?;
    if amount == 0 {
        return Err(LifetimeError::Zero);
    }
    amount
        .checked_mul(unit.seconds())
        .ok_or(LifetimeError::Overflow)?;
    Ok(Lifetime::Duration { amount, unit })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_years_agree() {
        assert_eq!(12 * MONTH, YEAR);
        assert_eq!(
            parse("1y").unwrap().seconds(),
            parse("12mo").unwrap().seconds()
        );
    }

    #[test]
    fn caps() {
        assert_eq!(BROWSER_CAP, 34_560_000);
        // 13 months and 395 days are within the CNIL cap; 396 days is not.
        assert!(parse("13mo").unwrap().seconds().unwrap() <= CNIL_AUDIENCE_CAP);
        const { assert!(395 * DAY <= CNIL_AUDIENCE_CAP) };
        const { assert!(396 * DAY > CNIL_AUDIENCE_CAP) };
        // A year and 13 months are within the browser cap; 14 months are not.
        const { assert!(YEAR <= BROWSER_CAP && 13 * MONTH <= BROWSER_CAP && 14 * MONTH > BROWSER_CAP) };
    }

    #[test]
    fn errors() {
        assert_eq!(parse("d"), Err(LifetimeError::MissingAmount));
        assert_eq!(parse(""), Err(LifetimeError::MissingAmount));
        assert_eq!(parse("14"), Err(LifetimeError::MissingUnit));
        assert_eq!(
            parse("14days"),
            Err(LifetimeError::UnknownUnit("days".into()))
        );
        assert_eq!(parse("0d"), Err(LifetimeError::Zero));
        assert_eq!(parse("99999999999999999999y"), Err(LifetimeError::Overflow));
        assert_eq!(parse("999999999999999999y"), Err(LifetimeError::Overflow));
    }
}
