-- An unmodified Extism plugin (built with Extism's AssemblyScript PDK) as SQL functions: its
-- config, a var that keeps a running total per subtask, JSON arguments and a ROW result.
LOAD MODULE wasm WITH ('plugins' = 'udf-samples/plugins/extism_sample.json');

SELECT count_vowels('hello world'), extism_greet('Ada'), extism_add(40, 2);

SELECT w, count_vowels(w).`count` AS vowels, extism_greet(w) AS greeting
FROM (VALUES ('Extism'), ('plugins'), ('in Flink SQL')) AS t (w);
