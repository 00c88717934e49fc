package io.github.flinkwasm.cli;

import io.github.flinkwasm.module.WasmModuleFactory;
import io.github.flinkwasm.module.WasmModuleOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.CharBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.api.internal.TableResultInternal;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.operations.BeginStatementSetOperation;
import org.apache.flink.table.operations.EndStatementSetOperation;
import org.apache.flink.table.operations.ExplainOperation;
import org.apache.flink.table.operations.LoadModuleOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.command.ClearOperation;
import org.apache.flink.table.operations.command.HelpOperation;
import org.apache.flink.table.operations.command.QuitOperation;
import org.apache.flink.table.utils.print.PrintStyle;
import org.apache.flink.table.utils.print.TableauStyle;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs SQL statements the way Flink's SQL client runs a script file, on the table environment of
 * one session: SET and RESET are applied by the session (Flink's {@code executeSql} rejects them),
 * queries print their rows in tableau form as they arrive, INSERT and statement sets wait for their
 * job, and {@code BEGIN STATEMENT SET; ... END;} collects statements as the client does.
 *
 * <p>The runtime mode can only be chosen when a table environment is created, so a SET of {@code
 * execution.runtime-mode} after the first statement re-creates the environment and replays the
 * statements that built the session's state (DDL, LOAD MODULE, ADD JAR, USE...). Not thread-safe.
 */
final class SqlSession {
    static final int DEFAULT_PARALLELISM = 2;

    private static final Pattern SET = Pattern.compile("(?is)SET(?:\\s+(.*))?");
    private static final Pattern SET_PAIR =
            Pattern.compile("(?s)\\s*('(?:[^']|'')*'|[^\\s=]+)\\s*=\\s*('(?:[^']|'')*'|.*?)\\s*");
    private static final Pattern RESET = Pattern.compile("(?is)RESET(?:\\s+('(?:[^']|'')*'|\\S+))?\\s*");

    private final PrintStream out;
    private final PrintStream err;
    private final int slots;
    /** What SET has set: the configuration of every environment this session creates. */
    private final Configuration settings = new Configuration();
    /** Statements that built the session's catalog state, replayed into a re-created environment. */
    private final List<String> replay = new ArrayList<>();

    private TableEnvironmentInternal env;
    private RuntimeExecutionMode envMode;
    private List<String> statementSet; // non-null between BEGIN STATEMENT SET and END
    private boolean quit;
    private Path scriptFolder;
    /** The plugins of the session's LOAD MODULE wasm, to explain a missing aggregate step. */
    private final MissingAggregateStep missingSteps = new MissingAggregateStep();

    SqlSession(PrintStream out, PrintStream err, int slots) {
        this.out = out;
        this.err = err;
        this.slots = slots;
        settings.set(CoreOptions.DEFAULT_PARALLELISM, Math.min(DEFAULT_PARALLELISM, slots));
    }

    /**
     * The folder of the script being run: relative plugin paths of {@code LOAD MODULE wasm} are
     * looked up there first, then in the working directory.
     */
    void scriptFolder(Path folder) {
        this.scriptFolder = folder;
    }

    /** True after QUIT or EXIT: the script stops there. */
    boolean quit() {
        return quit;
    }

    /** Runs one statement (without its semicolon). */
    void execute(String statement) {
        out.println();
        out.println("Flink SQL> " + statement.replace("\n", "\n> "));
        Matcher set = SET.matcher(statement.strip());
        if (set.matches()) {
            set(set.group(1));
            return;
        }
        Matcher reset = RESET.matcher(statement.strip());
        if (reset.matches()) {
            reset(reset.group(1) == null ? null : unquote(reset.group(1)));
            return;
        }
        if (statement.strip().toUpperCase(Locale.ROOT).matches("(QUIT|EXIT)")) {
            quit = true;
            return;
        }
        try {
            run(statement);
        } catch (RuntimeException e) {
            throw missingSteps.explain(e).map(RuntimeException.class::cast).orElse(e);
        }
    }

    private void run(String statement) {
        TableEnvironmentInternal tEnv = environment();
        List<Operation> ops = tEnv.getParser().parse(statement);
        Operation op = ops.get(0);
        if (op instanceof LoadModuleOperation && scriptFolder != null) {
            LoadModuleOperation load = (LoadModuleOperation) op;
            op = PluginPaths.resolve(load, scriptFolder);
            if (op != load) {
                statement = PluginPaths.statement((LoadModuleOperation) op); // replayed as resolved
            }
        }
        if (op instanceof QuitOperation) {
            quit = true;
        } else if (op instanceof HelpOperation || op instanceof ClearOperation) {
            out.println("[INFO] " + statement.strip() + " is a command of the interactive client; skipped.");
        } else if (op instanceof BeginStatementSetOperation) {
            if (statementSet != null) {
                throw new CliException("BEGIN STATEMENT SET inside a statement set; end the first one with END");
            }
            statementSet = new ArrayList<>();
            out.println("[INFO] Begin a statement set.");
        } else if (op instanceof EndStatementSetOperation) {
            if (statementSet == null) {
                throw new CliException("END without BEGIN STATEMENT SET");
            }
            List<String> inserts = statementSet;
            statementSet = null;
            if (inserts.isEmpty()) {
                out.println("[INFO] No statement in the statement set, skip submit.");
            } else {
                StringBuilder sb = new StringBuilder("EXECUTE STATEMENT SET BEGIN\n");
                inserts.forEach(s -> sb.append(s).append(";\n"));
                runUpdate(
                        tEnv,
                        tEnv.getParser().parse(sb.append("END").toString()).get(0));
            }
        } else if (statementSet != null) {
            if (!(op instanceof ModifyOperation)) {
                throw new CliException(
                        "only INSERT statements can be added to a statement set; found: " + firstLine(statement));
            }
            statementSet.add(statement);
            out.println("[INFO] Add SQL update statement to the statement set.");
        } else if (op instanceof QueryOperation) {
            runQuery(tEnv, op);
        } else if (op instanceof ModifyOperation || op instanceof StatementSetOperation) {
            runUpdate(tEnv, op);
        } else {
            TableResultInternal result = tEnv.executeInternal(op);
            if (op instanceof ExplainOperation) {
                printRaw(result);
            } else if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT) {
                printAll(result);
            } else {
                replay.add(statement);
                if (op instanceof LoadModuleOperation
                        && ((LoadModuleOperation) op).getModuleName().equals(WasmModuleFactory.IDENTIFIER)) {
                    String plugins = ((LoadModuleOperation) op).getOptions().get(WasmModuleOptions.PLUGINS.key());
                    if (plugins != null) {
                        missingSteps.loaded(plugins);
                    }
                }
                out.println("[INFO] Execute statement succeeded.");
            }
        }
    }

    /** Fails when the script ended inside a statement set. */
    void finish() {
        if (statementSet != null) {
            throw new CliException("the script ends inside BEGIN STATEMENT SET: END is missing");
        }
    }

    // ------------------------------------------------------------------ SET / RESET

    private void set(String assignment) {
        if (assignment == null || assignment.isBlank()) {
            Map<String, String> all = new TreeMap<>(
                    env == null
                            ? settings.toMap()
                            : env.getConfig().getConfiguration().toMap());
            all.putAll(settings.toMap());
            int width = all.keySet().stream().mapToInt(String::length).max().orElse(0);
            all.forEach((k, v) -> out.println("'" + k + "'" + " ".repeat(width - k.length()) + " = '" + v + "'"));
            return;
        }
        Matcher m = SET_PAIR.matcher(assignment);
        if (!m.matches()) {
            throw new CliException("expected SET 'key' = 'value', found SET " + assignment.strip());
        }
        String key = unquote(m.group(1));
        String value = unquote(m.group(2));
        if (key.equals(CoreOptions.DEFAULT_PARALLELISM.key())) {
            checkParallelism(value);
        }
        settings.setString(key, value);
        if (env != null) {
            if (key.equals(ExecutionOptions.RUNTIME_MODE.key())) {
                RuntimeExecutionMode mode = settings.get(ExecutionOptions.RUNTIME_MODE);
                if (mode != envMode) {
                    env = null; // re-created with the new mode by the next statement
                }
            } else {
                env.getConfig().set(key, value);
            }
        }
        out.println("[INFO] Execute statement succeeded.");
    }

    private void reset(String key) {
        if (key == null) {
            settings.toMap().keySet().forEach(k -> {
                if (env != null) {
                    env.getConfig().getConfiguration().removeKey(k);
                }
            });
            RuntimeExecutionMode before = settings.get(ExecutionOptions.RUNTIME_MODE);
            for (String k : new ArrayList<>(settings.keySet())) {
                settings.removeKey(k);
            }
            settings.set(CoreOptions.DEFAULT_PARALLELISM, Math.min(DEFAULT_PARALLELISM, slots));
            if (env != null) {
                env.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, settings.get(CoreOptions.DEFAULT_PARALLELISM));
                if (before != settings.get(ExecutionOptions.RUNTIME_MODE)) {
                    env = null;
                }
            }
            out.println("[INFO] All session properties have been set to their default values.");
            return;
        }
        settings.removeKey(key);
        if (key.equals(CoreOptions.DEFAULT_PARALLELISM.key())) {
            settings.set(CoreOptions.DEFAULT_PARALLELISM, Math.min(DEFAULT_PARALLELISM, slots));
        }
        if (env != null) {
            if (key.equals(ExecutionOptions.RUNTIME_MODE.key())) {
                if (settings.get(ExecutionOptions.RUNTIME_MODE) != envMode) {
                    env = null;
                }
            } else if (settings.containsKey(key)) {
                env.getConfig().set(key, settings.getString(key, null));
            } else {
                env.getConfig().getConfiguration().removeKey(key);
            }
        }
        out.println("[INFO] Session property has been reset.");
    }

    private void checkParallelism(String value) {
        int p;
        try {
            p = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new CliException("parallelism.default must be a whole number, found '" + value + "'");
        }
        if (p > slots) {
            throw new CliException("parallelism.default = " + p + " needs " + p + " task slots, and the embedded "
                    + "cluster has " + slots + "; run with sql --slots " + p);
        }
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("'") && t.endsWith("'")) {
            return t.substring(1, t.length() - 1).replace("''", "'");
        }
        return t;
    }

    // ------------------------------------------------------------------ environment

    private TableEnvironmentInternal environment() {
        if (env == null) {
            boolean recreate = envMode != null;
            envMode = settings.get(ExecutionOptions.RUNTIME_MODE);
            env = (TableEnvironmentInternal) TableEnvironment.create(EnvironmentSettings.newInstance()
                    .withConfiguration(settings)
                    .build());
            if (recreate) {
                for (String s : replay) {
                    try {
                        env.executeSql(s);
                    } catch (RuntimeException e) {
                        throw new CliException(
                                "re-creating the session for execution.runtime-mode = "
                                        + envMode.name().toLowerCase(Locale.ROOT) + " failed on the earlier statement '"
                                        + firstLine(s) + "': " + Errors.oneLine(e),
                                e);
                    }
                }
                err.println(
                        "[INFO] execution.runtime-mode is now " + envMode.name().toLowerCase(Locale.ROOT)
                                + ": the session was re-created and " + replay.size() + " earlier statements replayed");
            }
        }
        return env;
    }

    private boolean streaming() {
        return envMode != RuntimeExecutionMode.BATCH;
    }

    // ------------------------------------------------------------------ jobs

    private void runUpdate(TableEnvironmentInternal tEnv, Operation op) {
        long start = System.nanoTime();
        TableResultInternal result = tEnv.executeInternal(op);
        String job = result.getJobClient().map(j -> j.getJobID().toString()).orElse("?");
        try {
            result.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for job " + job);
        } catch (Exception e) {
            throw new CliException("job " + job + " failed: " + Errors.oneLine(e), e);
        }
        out.println("[INFO] Complete execution of the SQL update statement.");
        err.println("[timing] job " + job + " finished " + millis(System.nanoTime() - start) + " after submission");
    }

    /**
     * Text written to {@code out} in {@code out}'s own charset: {@code new PrintWriter(out)} would
     * encode with the platform's instead (ASCII in a C locale, turning every other character into '?').
     */
    private static Writer writerOf(PrintStream out) {
        return new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                out.append(CharBuffer.wrap(chars, offset, length));
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    private void runQuery(TableEnvironmentInternal tEnv, Operation op) {
        long start = System.nanoTime();
        TableResultInternal result = tEnv.executeInternal(op);
        long submitted = System.nanoTime();
        ResolvedSchema schema = result.getResolvedSchema();
        boolean changelog = streaming();
        PrintWriter w = new PrintWriter(writerOf(out), true);
        long rows = 0;
        long firstRow = -1;
        try (CloseableIterator<RowData> it = result.collectInternal()) {
            if (changelog) {
                TableauStyle style = PrintStyle.tableauWithTypeInferredColumnWidths(
                        schema, result.getRowDataToStringConverter(), PrintStyle.DEFAULT_MAX_COLUMN_WIDTH, false, true);
                while (it.hasNext()) {
                    RowData row = it.next();
                    if (rows == 0) {
                        firstRow = System.nanoTime();
                        style.printBorderLine(w);
                        style.printColumnNamesTableauRow(w);
                        style.printBorderLine(w);
                    }
                    style.printTableauRow(style.rowFieldsToString(row), w);
                    rows++;
                }
                if (rows > 0) {
                    style.printBorderLine(w);
                }
            } else {
                TableauStyle style = PrintStyle.tableauWithDataInferredColumnWidths(
                        schema,
                        result.getRowDataToStringConverter(),
                        PrintStyle.DEFAULT_MAX_COLUMN_WIDTH,
                        false,
                        false);
                List<String[]> lines = new ArrayList<>();
                while (it.hasNext()) {
                    RowData row = it.next();
                    if (lines.isEmpty()) {
                        firstRow = System.nanoTime();
                    }
                    lines.add(style.rowFieldsToString(row));
                }
                rows = lines.size();
                if (rows > 0) {
                    printTable(style, lines, w);
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException ? (RuntimeException) e : new CliException(Errors.oneLine(e), e);
        }
        w.flush();
        out.println(rows == 0 ? "Empty set" : rows + (rows == 1 ? " row in set" : " rows in set"));
        long end = System.nanoTime();
        err.println("[timing] planned and submitted in " + millis(submitted - start)
                + (firstRow < 0
                        ? ", no rows"
                        : ", first row " + millis(firstRow - submitted) + " after submission" + sinceJvmStart(firstRow))
                + ", " + (rows == 1 ? "1 row" : rows + " rows") + " in all after " + millis(end - submitted));
    }

    private void printRaw(TableResultInternal result) {
        try (CloseableIterator<RowData> it = result.collectInternal()) {
            it.forEachRemaining(r -> out.println(r.getString(0)));
        } catch (Exception e) {
            throw e instanceof RuntimeException ? (RuntimeException) e : new CliException(Errors.oneLine(e), e);
        }
    }

    private void printAll(TableResultInternal result) {
        TableauStyle style = PrintStyle.tableauWithDataInferredColumnWidths(
                result.getResolvedSchema(), result.getRowDataToStringConverter(), Integer.MAX_VALUE, false, false);
        PrintWriter w = new PrintWriter(out, true);
        try (CloseableIterator<RowData> it = result.collectInternal()) {
            List<String[]> lines = new ArrayList<>();
            it.forEachRemaining(r -> lines.add(style.rowFieldsToString(r)));
            if (lines.isEmpty()) {
                out.println("Empty set");
                return;
            }
            printTable(style, lines, w);
            w.flush();
            out.println(lines.size() + (lines.size() == 1 ? " row in set" : " rows in set"));
        } catch (Exception e) {
            throw e instanceof RuntimeException ? (RuntimeException) e : new CliException(Errors.oneLine(e), e);
        }
    }

    /** Collected rows as a table with column widths fitted to them. */
    private static void printTable(TableauStyle style, List<String[]> lines, PrintWriter w) {
        style.inferColumnWidth(lines);
        style.printBorderLine(w);
        style.printColumnNamesTableauRow(w);
        style.printBorderLine(w);
        lines.forEach(l -> style.printTableauRow(l, w));
        style.printBorderLine(w);
    }

    /** {@code  (N ms after JVM start)} for a {@link System#nanoTime} instant, when the JVM says. */
    private static String sinceJvmStart(long nanoTime) {
        return ProcessHandle.current()
                .info()
                .startInstant()
                .map(t -> " ("
                        + (java.time.Duration.between(t, java.time.Instant.now())
                                        .toMillis()
                                - (System.nanoTime() - nanoTime) / 1_000_000)
                        + " ms after JVM start)")
                .orElse("");
    }

    private static String millis(long nanos) {
        return nanos / 1_000_000 + " ms";
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
