-- Strings, bytes and structured values across the boundary: the same text functions written in
-- C (c_), Rust (rs_) and AssemblyScript (as_), and a guest that reads its config and logs.
LOAD MODULE wasm WITH ('plugins' = 'udf-samples/plugins/text_c.json,udf-samples/plugins/text_rust.json,udf-samples/plugins/text_as.json,udf-samples/plugins/text.json');

CREATE TEMPORARY VIEW samples (s) AS VALUES
  ('https://user@Example.com:8080/path?q=1'),
  ('héllo wörld 😀'),
  ('Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0'),
  ('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Safari/604.1'),
  ('');

SELECT s, c_str_reverse(s) AS c_rev, rs_str_reverse(s) AS rs_rev, as_str_reverse(s) AS as_rev,
       c_char_count(s) AS chars, rs_url_host(s) AS host, as_crc32(CAST(s AS BYTES)) AS crc
FROM samples;

SELECT c_parse_ua(s) AS c_ua, rs_parse_ua(s).browser AS browser, as_parse_ua(s).os AS os,
       c_url_host(s) AS c_host, as_url_host(s) AS as_host, rs_char_count(s) AS rs_chars,
       as_char_count(s) AS as_chars, c_crc32(CAST(s AS BYTES)) AS c_crc, rs_crc32(CAST(s AS BYTES)) AS rs_crc
FROM samples;

SELECT c_split_words(s) AS c_words, rs_split_words(s) AS rs_words, as_split_words(s) AS as_words FROM samples;

SELECT greet(s) AS greeting, config_or('greeting', 'none') AS configured, config_or('absent', 'fallback') AS fallback,
       log_at(2, s) AS logged
FROM (VALUES ('Flink')) AS t(s);
