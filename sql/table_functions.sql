-- Table functions: one input row gives zero or more output rows, one per element of the list the
-- guest returns (SPEC section 7). The same functions in C (c_ prefix) and Rust.
--   java -jar target/flink-wasm-cli.jar sql sql/table_functions.sql
LOAD MODULE wasm WITH ('plugins' = 'udf-samples/plugins/kinds_c.json,udf-samples/plugins/kinds_rust.json');

CREATE TEMPORARY VIEW lines (line_no, line) AS
VALUES (1, 'to be or not to be'), (2, ''), (3, 'that is the question');

-- split text into (token, position) rows; a line without words gives no row
SELECT line_no, token, pos FROM lines, LATERAL TABLE(tokens(line));

-- LEFT JOIN keeps the line without words, with NULLs
SELECT l.line_no, t.token, t.pos
FROM lines AS l LEFT JOIN LATERAL TABLE(c_tokens(line)) AS t(token, pos) ON TRUE;

-- the k=v pairs of log lines, as rows
CREATE TEMPORARY VIEW logs (id, msg) AS
VALUES (1, 'ts=1700000000 level=warn user=alice msg=slow'), (2, 'GET /index.html status=200 bytes=512');

SELECT id, k, v FROM logs CROSS JOIN LATERAL TABLE(kv_pairs(msg));

SELECT id, k, v FROM logs, LATERAL TABLE(c_kv_pairs(msg)) WHERE k = 'status';
