//! A statement's transaction list put in order as its elements are read: the first of each
//! FITID kept (a later one warned about and left out), corrections collected, and rows that a
//! correction in the same list deletes or replaces left out.

use std::borrow::Cow;
use std::collections::HashSet;

use super::model::{OfxCorrection, OfxCorrectionAction};
use super::transaction::{Keyed, Read};
use crate::domain::TransactionRecord;

pub(crate) struct ListOrder<'a> {
    path: String,
    /// Elements taken so far.
    taken: usize,
    /// FITIDs kept so far (the first of each).
    seen: HashSet<Cow<'a, str>>,
    /// FITIDs a correction deletes or replaces by another row.
    corrected: HashSet<String>,
    /// FITIDs already passed on when a later correction named them.
    late: HashSet<String>,
    /// Every correction of the list, in document order.
    pub corrections: Vec<OfxCorrection>,
}

impl<'a> ListOrder<'a> {
    /// A list at `path` of `elements` `STMTTRN`s.
    pub fn new(path: &str, elements: usize) -> Self {
        ListOrder {
            path: path.to_string(),
            taken: 0,
            seen: HashSet::with_capacity(elements),
            corrected: HashSet::new(),
            late: HashSet::new(),
            corrections: Vec::new(),
        }
    }

    /// Takes the list's next element; returns its row if the row is kept.
    pub fn take(
        &mut self,
        keyed: Keyed<'a>,
        warnings: &mut Vec<String>,
    ) -> Option<TransactionRecord> {
        self.taken += 1;
        match keyed.read {
            Read::Deletion(correction) => {
                self.correct(correction);
                None
            }
            Read::Transaction(row, correction) => {
                if !self.seen.insert(keyed.fitid) {
                    // No line number: computing one per warning would be quadratic.
                    warnings.push(format!(
                        "{}/STMTTRN[{}]: FITID '{}' appears twice; the first is kept",
                        self.path, self.taken, row.source_id
                    ));
                    return None;
                }
                if let Some(correction) = correction {
                    self.correct(correction);
                }
                (!self.corrected.contains(&row.source_id)).then_some(row)
            }
        }
    }

    fn correct(&mut self, correction: OfxCorrection) {
        let leaves_out = match &correction.action {
            OfxCorrectionAction::Delete => true,
            OfxCorrectionAction::Replace {
                replacement_source_id,
            } => *replacement_source_id != correction.corrected_source_id,
        };
        let id = &correction.corrected_source_id;
        if leaves_out && self.corrected.insert(id.clone()) && self.seen.contains(id.as_str()) {
            self.late.insert(id.clone());
        }
        self.corrections.push(correction);
    }

    /// Rows already passed on that a later correction in the list leaves out after all.
    pub fn late(&self) -> &HashSet<String> {
        &self.late
    }
}
