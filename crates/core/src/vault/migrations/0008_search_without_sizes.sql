-- Coffer vault schema, version 8: the search index keeps no per-row column sizes.
--
-- FTS5 stores each indexed row's token count per column in a table of its own
-- (`transactions_fts_docsize`), one b-tree row per transaction, for ranking by bm25. Coffer
-- never ranks: search filters transactions and the page orders them by day. With
-- `columnsize = 0` that table is gone, and a bulk import no longer writes a second row per
-- transaction into it. The index is created again and rebuilt from the rows (external
-- content: the text itself stays in `transactions`).
DROP TABLE transactions_fts;
CREATE VIRTUAL TABLE transactions_fts USING fts5(
    description, merchant, memo,
    content = 'transactions', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 0
);
INSERT INTO transactions_fts (transactions_fts) VALUES ('rebuild');
