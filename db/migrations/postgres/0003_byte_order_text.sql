-- Text compares and sorts by its bytes (UTF-8 code point order), as SQLite's BINARY collation does, whatever
-- collation the database was created with (en_US.UTF-8 would put 'a' before 'B'): keyset paging by id, tags
-- in order, min(id) give the same answers on both stores, and btree comparisons are plain memcmp.
-- Every text column of the application's tables; a column added later needs COLLATE "C" too (the
-- PostgreSQL store's tests check that every text column has it).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT table_name, string_agg(format('ALTER COLUMN %I TYPE text COLLATE "C"', column_name), ', ') AS changes
    FROM information_schema.columns
    WHERE table_schema = current_schema() AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C'
    GROUP BY table_name
  LOOP
    EXECUTE format('ALTER TABLE %I %s', t.table_name, t.changes);
  END LOOP;
END
$$;
