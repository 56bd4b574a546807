//! Coverage-guided fuzzing of the CSV parser: layout detection, the built-in layouts and a
//! user mapping with comma decimals; any bytes, no panic, bounded time.
#![no_main]

use coffer_core::connectors::csv::{self, ColumnRef, CsvAccount, CsvColumns, CsvMapping, SignConvention};
use coffer_core::Currency;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let account = CsvAccount { source_id: Some("fuzz".into()), currency: Currency::USD };
    let _ = csv::detect(data);
    let _ = csv::parse_known(data, &account);
    let mapping = CsvMapping {
        columns: CsvColumns {
            date: Some(ColumnRef::Index(0)),
            description: Some(ColumnRef::Index(1)),
            debit: Some(ColumnRef::Index(2)),
            credit: Some(ColumnRef::Index(3)),
            ..CsvColumns::default()
        },
        has_header: false,
        delimiter: ';',
        date_format: "%d.%m.%Y".into(),
        sign: SignConvention::DebitCredit,
        decimal_separator: ',',
        thousands_separator: Some('.'),
        ..CsvMapping::default()
    };
    let _ = csv::parse(data, &mapping, &account);
});
