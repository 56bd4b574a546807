-- Coffer vault schema, version 6: `transactions`' CHECK constraints written without IN lists.
--
-- SQLite evaluates `x IN (a, b, c, ...)` with more than two constants by building a temporary
-- b-tree of the list, and a CHECK does so again for every row written: the two lists below cost
-- about half of a 1,000,000-row import's insert loop (10.2 s → 4.5 s without them, BENCHMARKS.md).
-- The same tests as chains of `=` need no temporary b-tree. The allowed values do not change, so
-- no stored row can break the new constraints and the table needs no rebuild: only the text of
-- its definition changes (SQLite's documented procedure for such changes, "Making Other Kinds Of
-- Table Schema Changes"; the migrator then bumps the schema cookie and checks the table).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(
        replace(sql,
            'CHECK (status IN (''pending'', ''posted'', ''superseded'', ''expired'', ''voided''))',
            'CHECK (status = ''pending'' OR status = ''posted'' OR status = ''superseded'' OR status = ''expired'' OR status = ''voided'')'),
        'CHECK (category_source IN (''source'', ''mcc'', ''rule'', ''manual''))',
        'CHECK (category_source = ''source'' OR category_source = ''mcc'' OR category_source = ''rule'' OR category_source = ''manual'')')
WHERE type = 'table' AND name = 'transactions';
PRAGMA writable_schema = OFF;
