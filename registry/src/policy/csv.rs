//! CSV (RFC 4180), with a guard against spreadsheet formula injection.

use super::Page;

/// A cell that a spreadsheet would run as a formula gets a leading `'` (OWASP's advice for
/// CSV injection: `=`, `+`, `-`, `@`, tab, carriage return). Spreadsheets also skip leading
/// spaces and line breaks before a formula, and some read the full-width forms `＝ ＋ － ＠`
/// (U+FF1D, U+FF0B, U+FF0D, U+FF20) as their ASCII twins: those are guarded too.
pub(crate) fn guard(cell: String) -> String {
    const FORMULA: [char; 8] = [
        '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ];
    let formula = cell.starts_with(['\t', '\r'])
        || cell
            .trim_start_matches([' ', '\t', '\r', '\n'])
            .starts_with(FORMULA);
    if formula { format!("'{cell}") } else { cell }
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

#[cfg(test)]
mod tests {
    use super::guard;

    #[test]
    fn formulas_are_guarded_whatever_precedes_them() {
        for cell in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            " =1+1",
            "\n=1+1",
            " \n @x",
            "\u{ff1d}1+1",
            " \u{ff0b}1",
            "\u{ff0d}1",
            "\u{ff20}x",
        ] {
            assert_eq!(guard(cell.to_owned()), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["sessionid", " a = b", "13 mois", "", "\n", "x=1"] {
            assert_eq!(guard(cell.to_owned()), cell, "{cell:?}");
        }
    }
}
