-- Run by FlinkClusterITCase through Flink's SQL client against a JobManager and a TaskManager:
--   sql-client.sh embedded -f wasm-functions.sql
-- ${...} are filled in by the test.
SET 'sql-client.execution.result-mode' = 'tableau';
SET 'execution.runtime-mode' = 'batch';
SET 'parallelism.default' = '2';

-- the connector jar: Flink ships it with every job of the session
ADD JAR '${CONNECTOR_JAR}';

LOAD MODULE wasm WITH ('plugins' = '${PLUGINS}');

-- a plugin packaged by the command line's package command
CREATE FUNCTION packed_fib AS 'flinkwasm.udf.seed.Fib' USING JAR '${SEED_UDF_JAR}';

CREATE TEMPORARY TABLE numbers (n INT) WITH (
  'connector' = 'datagen',
  'fields.n.kind' = 'sequence',
  'fields.n.start' = '1',
  'fields.n.end' = '12',
  'number-of-rows' = '12'
);

SELECT n, wat_sum(n, 100) AS plus_100, wat_fib(n) AS fib, wat_fib_array(n) AS fib_long, packed_fib(n) AS packed
FROM numbers;
