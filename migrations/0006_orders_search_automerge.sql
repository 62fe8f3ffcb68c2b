-- Every sale adds a segment to the order search index, and FTS5 merges segments inside the
-- writing transaction. With the default automerge of 4, every 64th sale paid for a merge of
-- 10–30 ms; at 16 the merges are fewer and do less work in all (each trigram is rewritten once
-- per level of 16 segments instead of 4), at the cost of more segments for a search to read.
INSERT INTO `orders_search` (`orders_search`, `rank`) VALUES ('automerge', 16);
