-- flink-wasm quick start: WebAssembly functions in Flink SQL.
--
--   mvn package                    (builds the sample guests and target/flink-wasm-cli.jar)
--   java -jar target/flink-wasm-cli.jar sql sql/quickstart.sql
--
-- Run from the repository root: plugin paths are relative to the working directory.

-- every function of every plugin manifest in the folder becomes a SQL function
LOAD MODULE wasm WITH ('plugins' = 'udf-samples/plugins');

SHOW MODULES;

-- the numbers 1 to 10, read by two parallel subtasks
CREATE TEMPORARY TABLE numbers (
  n INT
) WITH (
  'connector' = 'datagen',
  'fields.n.kind' = 'sequence',
  'fields.n.start' = '1',
  'fields.n.end' = '10',
  'rows-per-second' = '1000000'
);

-- fib and fib_array come from plugin 'seed' (C), wat_sum and wat_fib from plugin 'seed_wat'
-- (WebAssembly text); their export `sum` has SQL names that are not Flink's built-in SUM.
SELECT
  n,
  fib(n)             AS fib_c,
  fib_array(n * 5)   AS fib_array_c,
  wat_fib(n)         AS fib_wat,
  wat_sum(n, 100)    AS n_plus_100
FROM numbers;

-- plugin functions are listed with the built-in ones
SHOW FUNCTIONS LIKE '%fib%';
