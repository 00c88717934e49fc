-- A plugin packaged as a jar, for CREATE FUNCTION ... USING JAR. Package it first:
--   java -jar target/flink-wasm-cli.jar package udf-samples/plugins/seed.json -o target/seed-udf.jar
CREATE FUNCTION fib AS 'flinkwasm.udf.seed.Fib' USING JAR 'target/seed-udf.jar';
CREATE FUNCTION fib_array AS 'flinkwasm.udf.seed.FibArray' USING JAR 'target/seed-udf.jar';

CREATE TEMPORARY TABLE numbers (n INT) WITH (
  'connector' = 'datagen',
  'fields.n.kind' = 'sequence',
  'fields.n.start' = '1',
  'fields.n.end' = '8',
  'rows-per-second' = '1000000'
);

SELECT n, fib(n) AS fib_n, fib_array(n) AS fib_array_n FROM numbers;
