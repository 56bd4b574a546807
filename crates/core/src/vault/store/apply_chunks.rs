//! Where a batch's transactions come from while it is stored: its own records, then the chunks
//! a [`TransactionChunks`] source hands over while it still reads the rest; and [`Kept`], which
//! holds each chunk until the batch ends (the rows stored from a chunk borrow its text).

use std::cell::OnceCell;

use crate::domain::TransactionRecord;
use crate::sync::TransactionChunks;
use crate::vault::VaultError;

/// An append-only list whose items never move: [`Kept::keep`] takes `&self`, so what it
/// returned earlier stays borrowed while more is kept.
pub(super) struct Kept<T> {
    first: OnceCell<T>,
    rest: OnceCell<Box<Kept<T>>>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            first: OnceCell::new(),
            rest: OnceCell::new(),
        }
    }
}

impl<T> Kept<T> {
    /// Keeps `value` until the list is dropped. Walks the list, so it is meant for tens of
    /// items (a million-row file is about sixty chunks).
    pub fn keep(&self, value: T) -> &T {
        let mut node = self;
        loop {
            if node.first.get().is_none() {
                return node.first.get_or_init(|| value);
            }
            node = node.rest.get_or_init(Box::default);
        }
    }
}

/// The batch's transactions, chunk by chunk: its own records first, then the source's chunks.
pub(super) struct Feed<'b, 'c> {
    own: Option<&'b [TransactionRecord]>,
    chunks: Option<&'c mut dyn TransactionChunks>,
}

/// One chunk: borrowed from the batch, or handed over by the source.
pub(super) enum Chunk<'b> {
    Borrowed(&'b [TransactionRecord]),
    Owned(Vec<TransactionRecord>),
}

impl<'b, 'c> Feed<'b, 'c> {
    pub fn new(
        own: &'b [TransactionRecord],
        chunks: Option<&'c mut dyn TransactionChunks>,
    ) -> Self {
        Feed {
            own: (!own.is_empty()).then_some(own),
            chunks,
        }
    }

    /// How many rows may come in all.
    pub fn expected(&self) -> usize {
        self.own.map_or(0, <[_]>::len) + self.chunks.as_ref().map_or(0, |c| c.expected())
    }

    /// The next chunk, `None` after the last (empty chunks are skipped).
    pub fn next(&mut self) -> Result<Option<Chunk<'b>>, VaultError> {
        if let Some(own) = self.own.take() {
            return Ok(Some(Chunk::Borrowed(own)));
        }
        let Some(source) = self.chunks.as_mut() else {
            return Ok(None);
        };
        loop {
            match source.next_chunk() {
                Ok(Some(chunk)) if chunk.is_empty() => continue,
                Ok(Some(chunk)) => return Ok(Some(Chunk::Owned(chunk))),
                Ok(None) => return Ok(None),
                Err(_) => return Err(VaultError::SourceStopped),
            }
        }
    }

    /// Appends every chunk still to come to `rows` (to store them as one).
    pub fn gather_into(&mut self, rows: &mut Vec<TransactionRecord>) -> Result<(), VaultError> {
        while let Some(chunk) = self.next()? {
            match chunk {
                Chunk::Borrowed(more) => rows.extend_from_slice(more),
                Chunk::Owned(more) => rows.extend(more),
            }
        }
        Ok(())
    }

    /// Postings the source found to void, once every chunk was read.
    pub fn voided(&mut self) -> Vec<(String, String)> {
        self.chunks.as_mut().map_or_else(Vec::new, |c| c.voided())
    }
}

#[cfg(test)]
mod tests {
    use super::Kept;

    #[test]
    fn kept_items_stay_borrowed_while_more_are_kept() {
        let kept = Kept::default();
        let first: &Vec<u32> = kept.keep(vec![1, 2]);
        let later: Vec<&Vec<u32>> = (0..100).map(|n| kept.keep(vec![n])).collect();
        assert_eq!(first, &vec![1, 2]);
        assert_eq!(later[99], &vec![99]);
        assert_eq!(later[0], &vec![0]);
    }
}
