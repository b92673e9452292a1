//! CSV (RFC 4180), with a guard against spreadsheet formula injection.

use super::Page;

/// A cell that a spreadsheet would run as a formula gets a leading `'` (OWASP's advice for
/// CSV injection: `=`, `+`, `-`, `@`, tab, carriage return).
pub(crate) fn guard(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

pub(crate) fn render(page: &Page<'_>) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut write = |record: Vec<String>| {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(record.iter().map(|c| guard(c.clone())));
    };
    write(
        page.columns
            .iter()
            .map(|c| c.header(page.strings).to_owned())
            .collect(),
    );
    for (_, declarations) in &page.groups {
        for d in declarations {
            write(page.columns.iter().map(|&c| page.cell(d, c)).collect());
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
