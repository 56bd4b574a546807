//! Reading in chunks equals reading whole: the same rows in the same order, the same warnings
//! and corrections, the same first error, whatever the block size and number of workers; a
//! correction of a row already handed over asks for a whole reading.

use super::chunks::parse_in_chunks_of;
use super::*;
use crate::domain::TransactionRecord;

/// A statement of `rows` for account `acct`; every 7th row repeats the previous FITID, and
/// `corrections` are `(row, FITID it corrects, action)`.
fn statement(
    acct: &str,
    rows: usize,
    corrections: &[(usize, usize, &str)],
    broken: usize,
) -> String {
    let mut s = format!(
        "<STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD\
         <BANKACCTFROM><BANKID>1<ACCTID>{acct}<ACCTTYPE>CHECKING</BANKACCTFROM>\
         <BANKTRANLIST><DTSTART>20260101<DTEND>20260131\n"
    );
    for i in 1..=rows {
        let fitid = if i % 7 == 0 { i - 1 } else { i };
        let amount = if i == broken {
            "1x".to_string()
        } else {
            format!("-{i}.{:02}", i % 100)
        };
        let correction = corrections
            .iter()
            .find(|(at, _, _)| *at == i)
            .map(|(_, fixes, action)| format!("<CORRECTFITID>F{fixes}<CORRECTACTION>{action}"))
            .unwrap_or_default();
        s.push_str(&format!(
            "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260102<TRNAMT>{amount}<FITID>F{fitid}\
             {correction}<NAME>Shop &amp; {i}<MEMO>m{i}</STMTTRN>\n"
        ));
    }
    s.push_str(
        "</BANKTRANLIST><LEDGERBAL><BALAMT>-1.00<DTASOF>20260131</LEDGERBAL></STMTRS></STMTTRNRS>",
    );
    s
}

fn document(statements: &[String]) -> String {
    format!(
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1>{}</BANKMSGSRSV1></OFX>",
        statements.concat()
    )
}

/// What a reading in chunks hands over: rows, voided identities, warnings.
type Handed = (Vec<TransactionRecord>, Vec<(String, String)>, Vec<String>);

fn in_chunks(src: &str, block_rows: usize, workers: usize) -> Result<Option<Handed>, String> {
    let chunked = parse_in_chunks_of(
        src.as_bytes(),
        OfxLimits::default(),
        block_rows,
        Some(workers),
        |parsed, chunks| {
            assert!(parsed.statements.iter().all(|s| s.transactions.is_empty()));
            let mut rows = Vec::new();
            while let Ok(Some(chunk)) = chunks.next_chunk() {
                rows.extend(chunk);
            }
            (rows, chunks.voided())
        },
    )
    .map_err(|e| e.to_string())?;
    Ok(match chunked {
        Chunked::Read {
            stored: (rows, voided),
            warnings,
        } => Some((rows, voided, warnings)),
        Chunked::ReadWhole => None,
    })
}

fn whole(src: &str) -> Result<Handed, String> {
    let parsed = parse(src.as_bytes()).map_err(|e| e.to_string())?;
    let voided = parsed
        .corrections()
        .map(|c| (c.account_source_id.clone(), c.corrected_source_id.clone()))
        .collect();
    let rows = parsed
        .statements
        .iter()
        .flat_map(|s| s.transactions.clone())
        .collect();
    Ok((rows, voided, parsed.warnings))
}

#[test]
fn chunks_hand_over_what_a_whole_reading_reads() {
    // Corrections of rows further on: a deletion and a replacement by another row.
    let src = document(&[
        statement("111", 100, &[(10, 25, "DELETE"), (12, 40, "REPLACE")], 0),
        statement("222", 30, &[], 0),
    ]);
    let expected = whole(&src).unwrap();
    assert_eq!(expected.0.len(), 100 - 14 - 1 - 2 + 30 - 4);
    assert!(!expected
        .0
        .iter()
        .any(|t| t.account_source_id == "111" && (t.source_id == "F25" || t.source_id == "F40")));
    assert_eq!(expected.1.len(), 2);
    for block_rows in [1, 7, 16, 64, 1_000] {
        for workers in [1, 2, 3] {
            assert_eq!(
                in_chunks(&src, block_rows, workers).unwrap(),
                Some(expected.clone()),
                "{block_rows} rows a block, {workers} workers"
            );
        }
    }
}

#[test]
fn the_first_broken_row_is_the_error_whatever_the_blocks() {
    let src = document(&[statement("111", 80, &[], 61)]);
    let expected = whole(&src).unwrap_err();
    assert!(expected.contains("STMTTRN[61]/TRNAMT"), "{expected}");
    for block_rows in [1, 7, 64, 1_000] {
        for workers in [1, 2, 3] {
            assert_eq!(
                in_chunks(&src, block_rows, workers).unwrap_err(),
                expected,
                "{block_rows} rows a block, {workers} workers"
            );
        }
    }
}

#[test]
fn a_correction_of_a_row_already_handed_over_asks_for_a_whole_reading() {
    let src = document(&[statement("111", 50, &[(30, 3, "DELETE")], 0)]);
    for block_rows in [1, 7, 1_000] {
        assert_eq!(in_chunks(&src, block_rows, 2).unwrap(), None);
    }
    let (rows, voided, _) = whole(&src).unwrap();
    assert!(!rows.iter().any(|t| t.source_id == "F3"));
    assert_eq!(voided, vec![("111".to_string(), "F3".to_string())]);
}

#[test]
fn a_consumer_that_stops_early_does_not_wait_for_the_readers() {
    let src = document(&[statement("111", 500, &[], 0)]);
    let chunked = parse_in_chunks_of(
        src.as_bytes(),
        OfxLimits::default(),
        1,
        Some(3),
        |_, chunks| chunks.next_chunk().ok().flatten().map(|c| c.len()),
    )
    .unwrap();
    assert!(matches!(
        chunked,
        Chunked::Read {
            stored: Some(1),
            ..
        }
    ));
}
