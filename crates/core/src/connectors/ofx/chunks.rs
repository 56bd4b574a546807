//! Reading a document's transaction lists while storage stores what was read: worker threads
//! read blocks of `STMTTRN`s, one more thread puts the blocks in document order, and they are
//! handed over as [`TransactionChunks`], so a large file's list is read beside its inserts, not
//! before them.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use super::error::OfxError;
use super::list_order::ListOrder;
use super::model::ParsedOfx;
use super::reader::Reader;
use super::statement::{read_statements, TransactionList};
use super::transaction::{read_part, threads_for, Keyed};
use super::OfxLimits;
use crate::domain::TransactionRecord;
use crate::sync::{ChunksStopped, TransactionChunks};

/// `STMTTRN`s per block: what a worker reads, and storage takes, at a time.
const BLOCK_ROWS: usize = 16_384;

/// Blocks each worker may read ahead of storage.
const READ_AHEAD: usize = 2;

/// How a reading in chunks ended.
pub enum Chunked<R> {
    /// The lists were read and handed over as far as the consumer asked: `stored` is what it
    /// returned, `warnings` the document's.
    Read { stored: R, warnings: Vec<String> },
    /// A correction names a row already handed over, which a reading in chunks cannot take
    /// back: the consumer was told the source stopped (so it rolled back); read the document
    /// whole instead ([`super::parse`]).
    ReadWhole,
}

/// Parses `bytes` as [`super::parse`] does, but hands the transactions to `store` in chunks
/// while later ones are still being read on the other cores. `store` gets the document's
/// statements without their transactions (accounts, balances, periods) and the chunks; a row
/// that fails to read stops the chunks, and that error is returned whatever `store` returned.
pub fn parse_in_chunks<R>(
    bytes: &[u8],
    store: impl FnOnce(&ParsedOfx, &mut dyn TransactionChunks) -> R,
) -> Result<Chunked<R>, OfxError> {
    parse_in_chunks_of(bytes, OfxLimits::default(), BLOCK_ROWS, None, store)
}

/// [`parse_in_chunks`] with blocks of `block_rows` on `workers` threads (default: per core).
pub(crate) fn parse_in_chunks_of<R>(
    bytes: &[u8],
    limits: OfxLimits,
    block_rows: usize,
    workers: Option<usize>,
    store: impl FnOnce(&ParsedOfx, &mut dyn TransactionChunks) -> R,
) -> Result<Chunked<R>, OfxError> {
    super::with_tree(bytes, limits, |tree, version| {
        let (parsed, lists) = read_statements(tree, version)?;
        let blocks = blocks_of(&lists, block_rows.max(1));
        let expected: usize = lists.iter().map(|l| l.trns.len()).sum();
        let workers = workers
            .unwrap_or_else(|| threads_for(expected))
            .clamp(1, blocks.len().max(1));
        let r = Reader { tree };
        std::thread::scope(|scope| {
            let receivers: Vec<_> = (0..workers)
                .map(|worker| {
                    let (sender, receiver) = sync_channel(READ_AHEAD);
                    let (r, lists, blocks) = (&r, &lists, &blocks);
                    scope.spawn(move || {
                        for block in blocks.iter().skip(worker).step_by(workers) {
                            let list = &lists[block.list];
                            let read = read_part(
                                r,
                                block.start,
                                &list.trns[block.start..block.end],
                                &list.path,
                                &list.account,
                                list.currency,
                            );
                            let failed = read.is_err();
                            // A failed send: the rows are no longer wanted.
                            if sender.send(read).is_err() || failed {
                                return;
                            }
                        }
                    });
                    receiver
                })
                .collect();
            // Putting the blocks in order (first FITIDs, corrections) runs on its own thread
            // too, so storage's thread only stores.
            let (sender, handed) = sync_channel(READ_AHEAD);
            let (blocks, lists) = (&blocks, &lists);
            scope.spawn(move || put_in_order(receivers, blocks, lists, &sender));
            let mut chunks = ListChunks {
                handed,
                expected,
                voided: Vec::new(),
                warnings: Vec::new(),
                ended: false,
                stop: None,
            };
            let stored = store(&parsed, &mut chunks);
            // Dropping the receiver ends the threads still reading.
            let ListChunks { warnings, stop, .. } = chunks;
            match stop {
                Some(Stop::Failed(error)) => Err(error),
                Some(Stop::ReadWhole) => Ok(Chunked::ReadWhole),
                None => Ok(Chunked::Read {
                    stored,
                    warnings: parsed.warnings.iter().cloned().chain(warnings).collect(),
                }),
            }
        })
    })
}

/// What the ordering thread hands storage.
enum Handed {
    Rows(Vec<TransactionRecord>),
    /// After the last rows: the identities corrections void, and the lists' warnings.
    End {
        voided: Vec<(String, String)>,
        warnings: Vec<String>,
    },
    Stopped(Stop),
}

/// Takes block `n` from worker `n % workers`, in document order, and hands on the rows kept.
fn put_in_order<'a>(
    receivers: Vec<Receiver<Result<Vec<Keyed<'a>>, OfxError>>>,
    blocks: &[Block],
    lists: &[TransactionList],
    handed: &SyncSender<Handed>,
) {
    let mut orders: Vec<ListOrder<'a>> = lists
        .iter()
        .map(|l| ListOrder::new(&l.path, l.trns.len()))
        .collect();
    let mut warnings = Vec::new();
    for (n, block) in blocks.iter().enumerate() {
        let next = match receivers[n % receivers.len()].recv() {
            Ok(Ok(reads)) => {
                let order = &mut orders[block.list];
                let mut rows = Vec::with_capacity(reads.len());
                rows.extend(
                    reads
                        .into_iter()
                        .filter_map(|read| order.take(read, &mut warnings)),
                );
                if order.late().is_empty() {
                    Handed::Rows(rows)
                } else {
                    Handed::Stopped(Stop::ReadWhole)
                }
            }
            Ok(Err(error)) => Handed::Stopped(Stop::Failed(error)),
            // A worker ends without sending only by panicking; the scope passes the panic on.
            Err(_) => Handed::Stopped(Stop::ReadWhole),
        };
        let stopped = matches!(next, Handed::Stopped(_));
        // A failed send: the rows are no longer wanted.
        if handed.send(next).is_err() || stopped {
            return;
        }
    }
    let voided = orders
        .iter()
        .flat_map(|order| &order.corrections)
        .map(|c| (c.account_source_id.clone(), c.corrected_source_id.clone()))
        .collect();
    let _ = handed.send(Handed::End { voided, warnings });
}

/// Rows `start..end` of list `list`.
struct Block {
    list: usize,
    start: usize,
    end: usize,
}

fn blocks_of(lists: &[TransactionList], rows: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (list, l) in lists.iter().enumerate() {
        for start in (0..l.trns.len()).step_by(rows) {
            let end = (start + rows).min(l.trns.len());
            blocks.push(Block { list, start, end });
        }
    }
    blocks
}

enum Stop {
    Failed(OfxError),
    ReadWhole,
}

/// The rows in document order, as the ordering thread hands them over.
struct ListChunks {
    handed: Receiver<Handed>,
    expected: usize,
    voided: Vec<(String, String)>,
    warnings: Vec<String>,
    /// `End` was taken.
    ended: bool,
    stop: Option<Stop>,
}

impl TransactionChunks for ListChunks {
    fn expected(&self) -> usize {
        self.expected
    }

    fn next_chunk(&mut self) -> Result<Option<Vec<TransactionRecord>>, ChunksStopped> {
        if self.stop.is_some() {
            return Err(ChunksStopped);
        }
        if self.ended {
            return Ok(None);
        }
        match self.handed.recv() {
            Ok(Handed::Rows(rows)) => Ok(Some(rows)),
            Ok(Handed::End { voided, warnings }) => {
                self.voided = voided;
                self.warnings = warnings;
                self.ended = true;
                Ok(None)
            }
            Ok(Handed::Stopped(stop)) => {
                self.stop = Some(stop);
                Err(ChunksStopped)
            }
            // The ordering thread is gone before the end only by panicking: nothing of this
            // may be kept (the scope passes the panic on).
            Err(_) => {
                self.stop = Some(Stop::ReadWhole);
                Err(ChunksStopped)
            }
        }
    }

    fn voided(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.voided)
    }
}
