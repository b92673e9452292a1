//! Cookie dates: the lenient cookie-date algorithm browsers use to read `Expires`
//! (RFC 6265bis §5.1.1), and the strict IMF-fixdate servers should send (RFC 9110 §5.6.7).

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian; the well-known
/// days-from-civil computation).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// [`days_from_civil`] for years from 1 (an IMF-fixdate's, from 1601): unsigned arithmetic,
/// whose divisions by constants are cheaper.
fn days_from_civil_ad(year: u32, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let (era, yoe) = (y / 400, y % 400);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i64::from(era * 146_097 + doe) - 719_468
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// Seconds since the Unix epoch of a valid UTC date and time.
fn timestamp(year: i64, month: u32, day: u32, h: u32, m: u32, s: u32) -> i64 {
    days_from_civil(year, month, day) * 86_400 + i64::from(h * 3600 + m * 60 + s)
}

/// 6265bis §5.1.1: `delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E`.
fn is_delimiter(b: u8) -> bool {
    matches!(b, 0x09 | 0x20..=0x2F | 0x3B..=0x40 | 0x5B..=0x60 | 0x7B..=0x7E)
}

/// `1*max DIGIT` at the start of `token`, followed by the end or a non-digit; returns the value
/// and the digit count.
fn leading_digits(token: &[u8], min: usize, max: usize) -> Option<(u32, usize)> {
    let n = token.iter().take_while(|b| b.is_ascii_digit()).count();
    if n < min || n > max {
        return None;
    }
    let value = token[..n]
        .iter()
        .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
    Some((value, n))
}

/// `hms-time = time-field ":" time-field ":" time-field`, each `1*2DIGIT`, then optionally a
/// non-digit and anything.
fn time(token: &[u8]) -> Option<(u32, u32, u32)> {
    let (h, a) = leading_digits(token, 1, 2)?;
    let rest = token[a..].strip_prefix(b":")?;
    let (m, b) = leading_digits(rest, 1, 2)?;
    let rest = rest[b..].strip_prefix(b":")?;
    let (s, _) = leading_digits(rest, 1, 2)?;
    Some((h, m, s))
}

const MONTHS: [&[u8; 3]; 12] = [
    b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
];

fn month(token: &[u8]) -> Option<u32> {
    let prefix = token.get(..3)?;
    MONTHS
        .iter()
        .position(|m| prefix.eq_ignore_ascii_case(&m[..]))
        .map(|i| i as u32 + 1)
}

/// The year token of a cookie date as written: its value and how many digits it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct YearToken {
    pub(crate) value: u32,
    pub(crate) digits: usize,
}

impl YearToken {
    /// Whether browsers read this year as written: four digits, from 1601 (6265bis §5.1.1
    /// turns `69` and `0069` alike into 2069, and `70` or `0070` into 1970).
    pub(crate) fn is_unambiguous(self) -> bool {
        self.digits == 4 && self.value >= 1601
    }
}

/// The year browsers read from a year token (6265bis §5.1.1 steps 3-4): 70-99 are 19xx, 0-69
/// are 20xx, whatever the number of digits.
pub(crate) fn read_year(token: YearToken) -> i64 {
    let year = i64::from(token.value);
    match year {
        0..=69 => year + 2000,
        70..=99 => year + 1900,
        _ => year,
    }
}

/// The cookie-date algorithm (6265bis §5.1.1), with the year token as written.
pub(crate) fn read_cookie_date(bytes: &[u8]) -> Option<(i64, YearToken)> {
    let mut found_time = None;
    let mut found_day = None;
    let mut found_month = None;
    let mut found_year = None;
    for token in bytes.split(|&b| is_delimiter(b)).filter(|t| !t.is_empty()) {
        if found_time.is_none() {
            if let Some(t) = time(token) {
                found_time = Some(t);
                continue;
            }
        }
        if found_day.is_none() {
            if let Some((d, _)) = leading_digits(token, 1, 2) {
                found_day = Some(d);
                continue;
            }
        }
        if found_month.is_none() {
            if let Some(m) = month(token) {
                found_month = Some(m);
                continue;
            }
        }
        if found_year.is_none() {
            if let Some((value, digits)) = leading_digits(token, 2, 4) {
                found_year = Some(YearToken { value, digits });
                continue;
            }
        }
    }
    let (h, m, s) = found_time?;
    let day = found_day?;
    let month = found_month?;
    let token = found_year?;
    let year = read_year(token);
    if !(1..=31).contains(&day) || year < 1601 || h > 23 || m > 59 || s > 59 {
        return None;
    }
    if day > days_in_month(year, month) {
        return None;
    }
    Some((timestamp(year, month, day, h, m, s), token))
}

/// Parses a cookie date with the algorithm of RFC 6265bis §5.1.1, as browsers read `Expires`:
/// tokens in any order, the first token of each kind wins, and the year is read as a number
/// whatever its digits: 70-99 become 19xx and 0-69 become 20xx, so `69` and `0069` are both
/// 2069; a year below 1601 fails. Returns seconds since the Unix epoch, or `None` where
/// browsers would ignore the attribute.
///
/// ```
/// use cookie_registry::date::parse_cookie_date;
/// assert_eq!(parse_cookie_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784111777));
/// assert_eq!(parse_cookie_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(784111777));
/// assert_eq!(parse_cookie_date("Sun Nov  6 08:49:37 1994"), Some(784111777));
/// assert_eq!(parse_cookie_date("Sun, 31 Feb 1994 08:49:37 GMT"), None);
/// assert_eq!(parse_cookie_date("yesterday"), None);
/// // A four-digit year below 100 is read as a two-digit one: 2069, not 69 AD.
/// assert_eq!(parse_cookie_date("Tue, 01 Jan 0069 00:00:00 GMT"), Some(3124224000));
/// ```
pub fn parse_cookie_date(text: &str) -> Option<i64> {
    read_cookie_date(text.as_bytes()).map(|(at, _)| at)
}

const DAY_NAMES: [&[u8; 3]; 7] = [b"Thu", b"Fri", b"Sat", b"Sun", b"Mon", b"Tue", b"Wed"];
const MONTH_NAMES: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

fn two_digits(b: &[u8]) -> Option<u32> {
    match b {
        [x @ b'0'..=b'9', y @ b'0'..=b'9'] => Some(u32::from(x - b'0') * 10 + u32::from(y - b'0')),
        _ => None,
    }
}

/// Whether `text` is an IMF-fixdate (RFC 9110 §5.6.7), the form servers must send in
/// `Expires` (6265bis §4.1.1: `sane-cookie-date`), such as `Sun, 06 Nov 1994 08:49:37 GMT`,
/// with the right day name.
///
/// ```
/// use cookie_registry::date::is_imf_fixdate;
/// assert!(is_imf_fixdate("Sun, 06 Nov 1994 08:49:37 GMT"));
/// assert!(!is_imf_fixdate("Mon, 06 Nov 1994 08:49:37 GMT"));
/// assert!(!is_imf_fixdate("Sunday, 06-Nov-94 08:49:37 GMT"));
/// ```
pub fn is_imf_fixdate(text: &str) -> bool {
    parse_imf_fixdate(text).is_some()
}

/// Reads an IMF-fixdate (see [`is_imf_fixdate`]) in seconds since the Unix epoch; `None` for
/// anything else, and for a year below 1601.
///
/// Where it gives a time, it is the time [`parse_cookie_date`] gives for the same text, as
/// browsers read it. Years below 1601 are refused because browsers do not read them as
/// written: the cookie-date algorithm makes `0069` 2069, `0070` 1970, and refuses `0100`
/// (6265bis §5.1.1); reading them here as years of the first millennium would turn a cookie
/// that lives until 2069 into a deletion.
///
/// ```
/// use cookie_registry::date::{parse_cookie_date, parse_imf_fixdate};
/// assert_eq!(parse_imf_fixdate("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784111777));
/// assert_eq!(parse_imf_fixdate("Sun, 06-Nov-1994 08:49:37 GMT"), None);
/// assert_eq!(parse_imf_fixdate("Tue, 01 Jan 0069 00:00:00 GMT"), None);
/// assert_eq!(parse_cookie_date("Tue, 01 Jan 0069 00:00:00 GMT"), Some(3124224000));
/// ```
pub fn parse_imf_fixdate(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let at = |i: usize, c: u8| b[i] == c;
    if b.len() != 29 || !(at(3, b',') && at(4, b' ') && at(7, b' ') && at(11, b' ') && at(16, b' '))
    {
        return None;
    }
    if !(at(19, b':')
        && at(22, b':')
        && at(25, b' ')
        && at(26, b'G')
        && at(27, b'M')
        && at(28, b'T'))
    {
        return None;
    }
    let day = two_digits(&b[5..7])?;
    let h = two_digits(&b[17..19])?;
    let m = two_digits(&b[20..22])?;
    let s = two_digits(&b[23..25])?;
    // Three letters as one number, to compare names in one step.
    let pack = |x: &[u8]| u32::from(x[0]) | (u32::from(x[1]) << 8) | (u32::from(x[2]) << 16);
    let month_key = pack(&b[8..11]);
    let month = MONTH_NAMES.iter().position(|n| pack(&n[..]) == month_key)? as u32 + 1;
    let year = match (two_digits(&b[12..14]), two_digits(&b[14..16])) {
        (Some(high), Some(low)) => i64::from(high * 100 + low),
        _ => return None,
    };
    if year < 1601 {
        // Not the year browsers read (see above).
        return None;
    }
    // Seconds up to 59: a leap second is not a time browsers can store.
    if day == 0 || day > days_in_month(year, month) || h > 23 || m > 59 || s > 59 {
        return None;
    }
    let days = days_from_civil_ad(year as u32, month, day);
    if pack(&DAY_NAMES[days.rem_euclid(7) as usize][..]) != pack(&b[0..3]) {
        return None;
    }
    Some(days * 86_400 + i64::from(h * 3600 + m * 60 + s))
}

/// A civil date from days since 1970-01-01 (the inverse of the well-known days-from-civil
/// computation, proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2026-01-01T00:00:00Z` for a time in seconds since the Unix epoch.
///
/// ```
/// assert_eq!(cookie_registry::date::rfc3339(1_767_225_600), "2026-01-01T00:00:00Z");
/// assert_eq!(cookie_registry::date::rfc3339(-1), "1969-12-31T23:59:59Z");
/// ```
pub fn rfc3339(seconds: i64) -> String {
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (y, mo, d) = civil_from_days(days);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Seconds since the Unix epoch of an RFC 3339 date-time (`2026-01-01T00:00:00Z`,
/// `2026-01-01T01:00:00.123+01:00`), as HAR files write `startedDateTime` and cookie expiries;
/// fractions of a second are dropped. `None` for anything else.
///
/// ```
/// use cookie_registry::date::parse_rfc3339;
/// assert_eq!(parse_rfc3339("2026-01-01T00:00:00Z"), Some(1_767_225_600));
/// assert_eq!(parse_rfc3339("2026-01-01T01:00:00.999+01:00"), Some(1_767_225_600));
/// assert_eq!(parse_rfc3339("2026-02-30T00:00:00Z"), None);
/// ```
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(range)?;
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let sep = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, m, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(i64::from(year), month) {
        return None;
    }
    // A leap second (`:60`) counts as the next second's start.
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset = match b.get(i..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), ..] if b.len() == i + 6 && b[i + 3] == b':' => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let seconds = i64::from(oh * 3600 + om * 60);
            if *sign == b'+' { seconds } else { -seconds }
        }
        _ => return None,
    };
    let days = days_from_civil(i64::from(year), month, day);
    Some(days * 86_400 + i64::from(h * 3600 + m * 60 + s) - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(timestamp(2000, 3, 1, 0, 0, 0), 951_868_800);
        assert_eq!(timestamp(1601, 1, 1, 0, 0, 0), -11_644_473_600);
    }

    #[test]
    fn cookie_date_algorithm_cases() {
        // From the http-state test suite's date cases and 6265bis §5.1.1.
        let epoch_1994 = Some(784_111_777);
        for ok in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "06 Nov 1994 08:49:37",
            "1994 Nov 06 08:49:37",
            "08:49:37 06 november 1994",
            "Sun, 06 NOV 1994 08:49:37 UTC",
            "6 Nov 1994 8:49:37 GMT",
        ] {
            assert_eq!(parse_cookie_date(ok), epoch_1994, "{ok}");
        }
        for bad in [
            "",
            "Sun, 06 Nov 1994",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 06 Nov 1994 08:49:60 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1600 08:49:37 GMT",
            "Sun, 06 Xyz 1994 08:49:37 GMT",
            "Sun, 29 Feb 1900 08:49:37 GMT",
            "Sun, 06 Nov 12345 08:49:37 GMT",
        ] {
            assert_eq!(parse_cookie_date(bad), None, "{bad}");
        }
        // Two-digit years: 70-99 are 19xx, 00-69 are 20xx.
        assert_eq!(parse_cookie_date("01 Jan 70 00:00:00"), Some(0));
        assert_eq!(
            parse_cookie_date("01 Jan 69 00:00:00"),
            Some(timestamp(2069, 1, 1, 0, 0, 0))
        );
        assert_eq!(
            parse_cookie_date("29 Feb 2000 00:00:00"),
            Some(timestamp(2000, 2, 29, 0, 0, 0))
        );
    }

    #[test]
    fn strict_form() {
        assert!(is_imf_fixdate("Thu, 01 Jan 1970 00:00:00 GMT"));
        assert!(is_imf_fixdate("Tue, 29 Feb 2000 12:00:00 GMT"));
        assert!(!is_imf_fixdate("Tue, 29 Feb 2001 12:00:00 GMT"));
        assert!(!is_imf_fixdate("Thu, 01 Jan 1970 00:00:00 UTC"));
        assert!(!is_imf_fixdate("thu, 01 jan 1970 00:00:00 GMT"));
        assert!(!is_imf_fixdate("Thu, 1 Jan 1970 00:00:00 GMT"));
    }

    /// Security issue 8: the IMF-fixdate fast path read `0069` as 69 AD, a date in the past,
    /// where browsers read 2069; so a 400-day cookie passed for a deletion.
    #[test]
    fn years_below_1601_are_read_as_browsers_read_them() {
        use crate::set_cookie::read_date;
        let attack = "Tue, 01 Jan 0069 00:00:00 GMT";
        assert_eq!(read_date(attack), Some(timestamp(2069, 1, 1, 0, 0, 0)));
        assert_eq!(
            read_date("Thu, 01 Jan 0070 00:00:00 GMT"),
            Some(timestamp(1970, 1, 1, 0, 0, 0))
        );
        assert_eq!(read_date("Fri, 01 Jan 0100 00:00:00 GMT"), None);
        assert_eq!(
            read_date("Mon, 01 Jan 1601 00:00:00 GMT"),
            Some(-11_644_473_600)
        );
    }

    /// The unsigned day count of IMF-fixdates is the signed one, for every year, month and
    /// month end.
    #[test]
    fn days_from_civil_ad_is_days_from_civil() {
        for year in 1..=9999u32 {
            for month in 1..=12 {
                for day in [1, 28, days_in_month(i64::from(year), month)] {
                    assert_eq!(
                        days_from_civil_ad(year, month, day),
                        days_from_civil(i64::from(year), month, day),
                        "{year}-{month}-{day}"
                    );
                }
            }
        }
    }

    /// The fast path (`read_date` tries the IMF-fixdate first) gives what the cookie-date
    /// algorithm gives, for every four-digit year and every day name.
    #[test]
    fn the_fast_path_agrees_with_the_algorithm_on_every_year() {
        use crate::set_cookie::read_date;
        let mut fast = 0;
        for year in 0..=9999 {
            for (day, month) in [("01", "Jan"), ("29", "Feb"), ("31", "Dec")] {
                for name in DAY_NAMES {
                    let name = std::str::from_utf8(name).unwrap();
                    let text = format!("{name}, {day} {month} {year:04} 23:59:59 GMT");
                    let full = parse_cookie_date(&text);
                    assert_eq!(read_date(&text), full, "{text}");
                    if let Some(at) = parse_imf_fixdate(&text) {
                        assert_eq!(Some(at), full, "{text}");
                        fast += 1;
                    }
                }
            }
        }
        // The fast path did answer: once per valid date from 1601 (a third of them are 29 Feb).
        assert!(fast > 8_399 * 2, "{fast}");
    }

    proptest::proptest! {
        /// IMF-shaped strings, right or wrong in every field: the fast path and the
        /// algorithm agree.
        #[test]
        fn the_fast_path_agrees_with_the_algorithm_on_imf_shapes(
            name in proptest::sample::select(vec!["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Xyz", "123", "Jan"]),
            day in 0u32..=99,
            month in proptest::sample::select(vec!["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "jan", "Foo", "12a"]),
            year in 0u32..=9999,
            h in 0u32..=99,
            m in 0u32..=99,
            sec in 0u32..=99,
            zone in proptest::sample::select(vec!["GMT", "UTC", "gmt", "123"]),
            comma in proptest::sample::select(vec![",", " ", ";", "-"]),
        ) {
            let text = format!("{name}{comma} {day:02} {month} {year:04} {h:02}:{m:02}:{sec:02} {zone}");
            proptest::prop_assert_eq!(crate::set_cookie::read_date(&text), parse_cookie_date(&text), "{}", text);
        }

        /// Anything at all: the fast path never contradicts the algorithm.
        #[test]
        fn the_fast_path_never_contradicts_the_algorithm(text in "[A-Za-z0-9 ,:-]{0,40}") {
            if let Some(at) = parse_imf_fixdate(&text) {
                proptest::prop_assert_eq!(Some(at), parse_cookie_date(&text));
            }
        }
    }
}
