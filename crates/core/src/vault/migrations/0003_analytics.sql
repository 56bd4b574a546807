-- Coffer vault schema, version 3: analytics and views.
--
-- Lists, exports and date-ranged analyses order and filter transactions by their day (posted,
-- else transacted) and id. An index on exactly that expression lets "the 100 newest" read 100
-- index entries instead of sorting a million rows, lets an export stream in order without a
-- sort, and lets a date range seek instead of scanning.
CREATE INDEX transactions_by_day ON transactions(coalesce(posted_on, transacted_on), id);
