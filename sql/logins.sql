-- A rule with a process table function written in AssemblyScript
-- (udf-samples/assemblyscript/assembly/logins.ts): three failed logins of a user within a minute
-- raise an alert.
--   java -jar target/flink-wasm-cli.jar sql sql/logins.sql
-- one subtask, so that each key sees its events in time order (the rule depends on the order)
SET 'parallelism.default' = '1';

LOAD MODULE wasm WITH ('plugins' = 'udf-samples/plugins/logins_as.json');

-- a login every 5 s: every 8th is user1's (too slow for the rule), the others user0's; every
-- 7th login succeeds
CREATE TEMPORARY TABLE logins (
  n BIGINT,
  user_name AS CASE WHEN n % 8 = 0 THEN 'user1' ELSE 'user0' END,
  success AS n % 7 = 0,
  ts AS TO_TIMESTAMP_LTZ(n * 5000, 3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'fields.n.kind' = 'sequence',
  'fields.n.start' = '1',
  'fields.n.end' = '20'
);

SELECT user_name, alert_time, failures
FROM failed_logins(input => TABLE logins PARTITION BY user_name, on_time => DESCRIPTOR(ts), uid => 'logins-v1');
