-- Guests that loop, exhaust their memory cap and trap on every tenth row. With on_error = null
-- the bad rows get NULL, the job goes on, and the wasm.guards.* metrics count what happened.
LOAD MODULE wasm WITH ('plugins' = 'udf-samples/plugins/guards.json');

CREATE TEMPORARY TABLE numbers (n INT) WITH (
  'connector' = 'datagen',
  'fields.n.kind' = 'sequence',
  'fields.n.start' = '1',
  'fields.n.end' = '20',
  'rows-per-second' = '1000000'
);

SELECT n, spin(n) AS spun, hog(n) AS pages, boom(n) AS hundred_by_digit FROM numbers;
