-- Sessionization with a process table function written in C (udf-samples/c/sessions.c): one row
-- per user session, closed by a timer when the watermark passes 30 s of inactivity.
--   java -jar target/flink-wasm-cli.jar sql sql/sessions.sql
LOAD MODULE wasm WITH ('plugins' = 'udf-samples/plugins/sessions.json');

-- 30 clicks of three users, one every 7 s, with a pause of a minute after the 15th
CREATE TEMPORARY TABLE clicks (
  n BIGINT,
  user_id AS CONCAT('user', CAST(n % 3 AS STRING)),
  ts AS TO_TIMESTAMP_LTZ(n * 7000 + CASE WHEN n > 15 THEN 60000 ELSE 0 END, 3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'fields.n.kind' = 'sequence',
  'fields.n.start' = '1',
  'fields.n.end' = '30'
);

SELECT user_id, session_start, session_end, events
FROM sessions(input => TABLE clicks PARTITION BY user_id, on_time => DESCRIPTOR(ts), uid => 'sessions-v1');
