//! CSV records read with csv-core, whose parser is built once per delimiter and thread.
//!
//! Building csv-core's parser (its DFA tables) costs more than reading a small file: the `csv`
//! crate's `Reader` builds one each time it is made, and detecting and reading one file made
//! several. So each thread keeps its parsers, one per delimiter, lent to a [`Records`] and
//! given back, reset, when it is dropped (csv-core's `Clone` does not copy the whole DFA).
//! The dialect is `csv::ReaderBuilder`'s default with `has_headers(false)` and
//! `flexible(true)`: `"` quotes with `""` escapes, CRLF, LF or CR ending a record, blank lines
//! skipped, a leading UTF-8 BOM dropped, rows of any length.

use std::cell::RefCell;
use std::collections::HashMap;

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

thread_local! {
    static PARSERS: RefCell<HashMap<u8, Reader>> = RefCell::new(HashMap::new());
}

#[cfg(test)]
thread_local! {
    /// How many parsers this thread has built (for the test that keeps it at one per delimiter).
    pub(crate) static BUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// This thread's parser for `delimiter` (built if it has none to lend), reset.
fn take_parser(delimiter: u8) -> Reader {
    let lent = PARSERS.try_with(|parsers| parsers.borrow_mut().remove(&delimiter));
    match lent.ok().flatten() {
        Some(mut parser) => {
            parser.reset();
            parser
        }
        None => {
            #[cfg(test)]
            BUILDS.with(|b| b.set(b.get() + 1));
            ReaderBuilder::new().delimiter(delimiter).build()
        }
    }
}

/// One record's fields and the byte offset where reading it began (before any blank lines
/// skipped ahead of it, as the `csv` crate's record positions).
pub(crate) struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    len: usize,
    start: u64,
}

impl Record {
    pub fn new() -> Self {
        Record {
            bytes: vec![0; 1024],
            ends: vec![0; 16],
            len: 0,
            start: 0,
        }
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Field `i`, unquoted. Fields are cut at ASCII bytes of UTF-8 text, so always UTF-8.
    pub fn get(&self, i: usize) -> Option<&str> {
        if i >= self.len {
            return None;
        }
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => *self.ends.get(i - 1)?,
        };
        std::str::from_utf8(self.bytes.get(start..end)?).ok()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len).map(|i| self.get(i).unwrap_or(""))
    }

    /// Byte offset in the text where reading this record began.
    pub fn start(&self) -> u64 {
        self.start
    }
}

/// Reads the records of one text in order.
pub(crate) struct Records<'a> {
    /// Always `Some` until dropped.
    parser: Option<Reader>,
    delimiter: u8,
    input: &'a [u8],
    at: usize,
    done: bool,
}

impl<'a> Records<'a> {
    pub fn new(text: &'a str, delimiter: u8) -> Self {
        Records {
            parser: Some(take_parser(delimiter)),
            delimiter,
            input: text.as_bytes(),
            at: 0,
            done: false,
        }
    }

    /// Reads the next record into `record`; false (and `record` empty) at the end.
    pub fn read(&mut self, record: &mut Record) -> bool {
        record.len = 0;
        record.start = self.at as u64;
        let Some(parser) = self.parser.as_mut().filter(|_| !self.done) else {
            return false;
        };
        let (mut out, mut ends) = (0, 0);
        loop {
            let input = self.input.get(self.at..).unwrap_or_default();
            let output = record.bytes.get_mut(out..).unwrap_or_default();
            let end_slots = record.ends.get_mut(ends..).unwrap_or_default();
            let (result, nin, nout, nend) = parser.read_record(input, output, end_slots);
            self.at += nin;
            out += nout;
            ends += nend;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let size = record.bytes.len().max(64) * 2;
                    record.bytes.resize(size, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let size = record.ends.len().max(8) * 2;
                    record.ends.resize(size, 0);
                }
                ReadRecordResult::Record => {
                    record.len = ends;
                    return true;
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return false;
                }
            }
        }
    }
}

impl Drop for Records<'_> {
    fn drop(&mut self) {
        if let Some(parser) = self.parser.take() {
            // `try_with`: during thread teardown the cache may already be gone.
            let _ = PARSERS.try_with(|parsers| parsers.borrow_mut().insert(self.delimiter, parser));
        }
    }
}
