-- Aggregate functions: the guest's accumulator lives in Flink state (SPEC section 7). An
-- approximate distinct count (HyperLogLog, with merge) and the top 5 values, in C and Rust.
--   java -jar target/flink-wasm-cli.jar sql sql/aggregates.sql
LOAD MODULE wasm WITH ('plugins' = 'udf-samples/plugins/kinds_c.json,udf-samples/plugins/kinds_rust.json');

SET 'execution.runtime-mode' = 'batch';

CREATE TEMPORARY TABLE visits (
  n INT,
  user_id AS 'user-' || CAST(MOD(n * 7919, 3000) AS STRING),
  site AS MOD(n, 3),
  score AS CAST(MOD(n * 104729, 100000) AS BIGINT)
) WITH (
  'connector' = 'datagen',
  'fields.n.kind' = 'sequence',
  'fields.n.start' = '1',
  'fields.n.end' = '30000',
  'number-of-rows' = '30000'
);

-- about 1,000 distinct users per site: the estimate against the exact count
SELECT site, approx_distinct(user_id) AS approx_users, c_approx_distinct(user_id) AS c_approx_users,
       COUNT(DISTINCT user_id) AS exact_users
FROM visits GROUP BY site;

SELECT site, top_k(score) AS top_scores, c_top_k(score) AS c_top_scores FROM visits GROUP BY site;
