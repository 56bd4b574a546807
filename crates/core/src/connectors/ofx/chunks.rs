//! Reading a document's transaction lists while storage stores what was read: worker threads
//! read blocks of `STMTTRN`s, and the blocks are handed over in document order as
//! [`TransactionChunks`], so a large file's list is read beside its inserts, not before them.

use std::sync::mpsc::{sync_channel, Receiver};

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
            let receivers = (0..workers)
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
                            // A failed send: storage is done with the chunks.
                            if sender.send(read).is_err() || failed {
                                return;
                            }
                        }
                    });
                    receiver
                })
                .collect();
            let mut chunks = ListChunks {
                receivers,
                blocks: &blocks,
                orders: lists
                    .iter()
                    .map(|l| ListOrder::new(&l.path, l.trns.len()))
                    .collect(),
                next: 0,
                expected,
                warnings: Vec::new(),
                stop: None,
            };
            let stored = store(&parsed, &mut chunks);
            // Dropping the receivers ends the workers still reading.
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

/// The blocks in document order, block `n` from worker `n % workers`.
struct ListChunks<'s, 'a> {
    receivers: Vec<Receiver<Result<Vec<Keyed<'a>>, OfxError>>>,
    blocks: &'s [Block],
    orders: Vec<ListOrder<'a>>,
    next: usize,
    expected: usize,
    warnings: Vec<String>,
    stop: Option<Stop>,
}

impl ListChunks<'_, '_> {
    fn stopped(&mut self, stop: Stop) -> Result<Option<Vec<TransactionRecord>>, ChunksStopped> {
        self.stop = Some(stop);
        Err(ChunksStopped)
    }
}

impl TransactionChunks for ListChunks<'_, '_> {
    fn expected(&self) -> usize {
        self.expected
    }

    fn next_chunk(&mut self) -> Result<Option<Vec<TransactionRecord>>, ChunksStopped> {
        if self.stop.is_some() {
            return Err(ChunksStopped);
        }
        let Some(block) = self.blocks.get(self.next) else {
            return Ok(None);
        };
        let worker = self.next % self.receivers.len();
        self.next += 1;
        let reads = match self.receivers[worker].recv() {
            Ok(Ok(reads)) => reads,
            Ok(Err(error)) => return self.stopped(Stop::Failed(error)),
            // A worker ends without sending only by panicking; the scope passes the panic on.
            Err(_) => return self.stopped(Stop::ReadWhole),
        };
        let order = &mut self.orders[block.list];
        let mut rows = Vec::with_capacity(reads.len());
        rows.extend(
            reads
                .into_iter()
                .filter_map(|read| order.take(read, &mut self.warnings)),
        );
        if !order.late().is_empty() {
            return self.stopped(Stop::ReadWhole);
        }
        Ok(Some(rows))
    }

    fn voided(&mut self) -> Vec<(String, String)> {
        self.orders
            .iter()
            .flat_map(|order| &order.corrections)
            .map(|c| (c.account_source_id.clone(), c.corrected_source_id.clone()))
            .collect()
    }
}
