-- Run by FlinkClusterITCase: ${JOBS} jobs one after another in one SQL client session, each
-- shipping the connector jar, so that each gets a class loader of its own on the TaskManager.
SET 'sql-client.execution.result-mode' = 'tableau';
SET 'execution.runtime-mode' = 'batch';
SET 'parallelism.default' = '2';

ADD JAR '${CONNECTOR_JAR}';

LOAD MODULE wasm WITH ('plugins' = '${PLUGINS}');

CREATE TEMPORARY TABLE numbers (n INT) WITH (
  'connector' = 'datagen',
  'fields.n.kind' = 'sequence',
  'fields.n.start' = '1',
  'fields.n.end' = '4',
  'number-of-rows' = '4'
);

${SELECTS}
