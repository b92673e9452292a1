//! `cookie-registry consent-log export`: the consent log for auditors, as CSV or JSON, with the
//! table's own column names.

use cookie_registry::consent_log::ConsentRecord;
use cookie_registry::date::rfc3339;
use serde::Serialize;

/// The schema of the JSON export.
pub const EXPORT_SCHEMA: &str = "cookie-registry/consent-log/1";

/// The columns, in the table's order.
pub const COLUMNS: [&str; 8] = [
    "id",
    "given_at",
    "registry_version",
    "granted",
    "refused",
    "method",
    "language",
    "policy_url",
];

#[derive(Serialize)]
struct Row {
    id: String,
    given_at: String,
    registry_version: String,
    granted: String,
    refused: String,
    method: &'static str,
    language: String,
    policy_url: Option<String>,
}

fn row(r: &ConsentRecord) -> Row {
    let list = |c: &[cookie_registry::Category]| {
        c.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",")
    };
    let seconds = r
        .given_at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Row {
        id: r.id.to_string(),
        given_at: rfc3339(seconds),
        registry_version: format!("{:016x}", r.registry_version),
        granted: list(&r.granted),
        refused: list(&r.refused),
        method: r.method.as_str(),
        language: r.language.clone(),
        policy_url: r.policy_url.clone(),
    }
}

/// CSV with a header row; a missing `policy_url` is an empty field.
pub fn csv(records: &[ConsentRecord]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = out.write_record(COLUMNS);
    for r in records {
        let r = row(r);
        let _ = out.write_record([
            r.id.as_str(),
            &r.given_at,
            &r.registry_version,
            &r.granted,
            &r.refused,
            r.method,
            &r.language,
            r.policy_url.as_deref().unwrap_or(""),
        ]);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[derive(Serialize)]
struct Document {
    schema: &'static str,
    records: Vec<Row>,
}

/// JSON: `{"schema": "cookie-registry/consent-log/1", "records": [...]}`, each record with the
/// table's columns.
pub fn json(records: &[ConsentRecord]) -> String {
    let document = Document {
        schema: EXPORT_SCHEMA,
        records: records.iter().map(row).collect(),
    };
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

/// A `--since` value: an RFC 3339 date-time, or a date (`2026-11-01`, midnight UTC).
///
/// ```
/// use cookie_registry_cli::export::parse_since;
/// assert_eq!(parse_since("2026-01-01"), Some(1_767_225_600));
/// assert_eq!(parse_since("2026-01-01T01:00:00+01:00"), Some(1_767_225_600));
/// assert_eq!(parse_since("yesterday"), None);
/// ```
pub fn parse_since(text: &str) -> Option<i64> {
    cookie_registry::date::parse_rfc3339(text)
        .or_else(|| cookie_registry::date::parse_rfc3339(&format!("{text}T00:00:00Z")))
}
