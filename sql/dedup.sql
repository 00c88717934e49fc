-- Deduplication within a time window with a process table function written in Rust
-- (udf-samples/rust/dedup): the first order event of an id is kept, repeats within a minute dropped.
--   java -jar target/flink-wasm-cli.jar sql sql/dedup.sql
-- one subtask, so that each key sees its events in time order (the rule depends on the order)
SET 'parallelism.default' = '1';

LOAD MODULE wasm WITH ('plugins' = 'udf-samples/plugins/dedup_rust.json');

-- 40 events, one every 5 s; each of 8 order ids repeats every 40 s
CREATE TEMPORARY TABLE orders (
  n BIGINT,
  event_id AS CONCAT('order-', CAST(n % 8 AS STRING)),
  payload AS CONCAT('payload-', CAST(n AS STRING)),
  ts AS TO_TIMESTAMP_LTZ(n * 5000, 3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'fields.n.kind' = 'sequence',
  'fields.n.start' = '1',
  'fields.n.end' = '40'
);

SELECT event_id, payload, first_seen
FROM dedup(input => TABLE orders PARTITION BY event_id, on_time => DESCRIPTOR(ts), uid => 'dedup-v1');
