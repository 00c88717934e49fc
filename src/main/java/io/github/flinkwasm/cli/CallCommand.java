package io.github.flinkwasm.cli;

import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.invoke.AggregateInvoker;
import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.manifest.ErrorPolicy;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.types.Representation;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * {@code call MANIFEST FUNCTION ARG...}: one call of one function, no Flink job; or {@code call
 * MANIFEST FUNCTION --rows FILE|-}: one call per row of a file or of stdin, all on one instance,
 * one result line per row. A table function prints one line per output row; an aggregate function
 * takes its argument rows with {@code --rows} and prints the aggregate of them all.
 */
final class CallCommand {
    static final String USAGE =
            "call MANIFEST FUNCTION ARG...  or  call MANIFEST FUNCTION --rows FILE|- [--format csv|json]"
                    + "  (an aggregate: its argument rows with --rows)";

    /** Printed in place of a result when a row fails; never the start of a SQL literal. */
    static final String ROW_ERROR = "ERROR: ";

    private CallCommand() {
        // no instances
    }

    static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        List<String> positional = new ArrayList<>();
        String rows = null;
        ArgumentRows.Format format = ArgumentRows.Format.AUTO;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--rows") || a.equals("--format")) {
                if (i + 1 >= args.size()) {
                    throw new Main.UsageException(
                            a + " needs a value" + (a.equals("--rows") ? ": a file, or - for stdin" : ": csv or json"),
                            USAGE);
                }
                String value = args.get(++i);
                if (a.equals("--rows")) {
                    rows = value;
                } else {
                    try {
                        format = ArgumentRows.Format.of(value);
                    } catch (IllegalArgumentException e) {
                        throw new Main.UsageException(e.getMessage(), USAGE);
                    }
                }
            } else {
                positional.add(a);
            }
        }
        if (positional.size() < 2) {
            throw new Main.UsageException("call needs a manifest and a function name", USAGE);
        }
        if (rows == null) {
            out.println(call(positional.get(0), positional.get(1), positional.subList(2, positional.size()), err));
            return 0;
        }
        if (positional.size() > 2) {
            throw new Main.UsageException(
                    "with --rows the arguments come from the rows; remove " + positional.get(2), USAGE);
        }
        return callRows(positional.get(0), positional.get(1), rows, format, stdin, out, err);
    }

    /**
     * Calls the function with these arguments and returns the result as a SQL literal: what the
     * row of a query would get. A failure of a function with {@code on_error = null} gives {@code
     * NULL}, and its message goes to {@code err}; with {@code on_error = fail} it is thrown.
     */
    static String call(String manifest, String functionName, List<String> arguments, PrintStream err) {
        Plugin plugin = PluginLoader.load(manifest);
        FunctionSignature sig = function(plugin, manifest, functionName);
        if (sig.kind() == FunctionKind.AGGREGATE) {
            throw new CliException("function " + sig + " is an aggregate: give its argument rows with --rows FILE"
                    + " (one row per line; - reads standard input)");
        }
        if (sig.kind() == FunctionKind.PROCESS) {
            throw new CliException("function " + sig + " is a process function: it keeps state and timers per key in "
                    + "Flink, so it runs in a query, such as SELECT * FROM " + sig.name()
                    + "(input => TABLE t PARTITION BY k, on_time => DESCRIPTOR(ts)) in 'sql'");
        }
        Object[] values;
        try {
            values = ArgumentRows.values(arguments, sig.name(), sig.paramTypes());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        Object result;
        try (FunctionInvoker invoker =
                FunctionInvoker.open(plugin, functionName, MetricsRecorder.NONE, Representation.JAVA)) {
            result = invoker.invokeOrThrow(values); // the failure itself, to show it
        } catch (WasmCallException e) {
            if (sig.onError() != ErrorPolicy.NULL || e instanceof GuestInterruptedException) {
                throw e;
            }
            err.println("warning: " + Errors.oneLine(e) + "; the row gets NULL (on_error = null)");
            result = null;
        }
        return format(sig, result);
    }

    /** A result as SQL literals: a table function's rows one per line, "(no rows)" for none. */
    private static String format(FunctionSignature sig, Object result) {
        LogicalType type = parse(sig.returnType());
        if (sig.kind() != FunctionKind.TABLE) {
            return SqlLiterals.format(result, type);
        }
        if (result == null || java.lang.reflect.Array.getLength(result) == 0) {
            return "(no rows)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < java.lang.reflect.Array.getLength(result); i++) {
            sb.append(i == 0 ? "" : "\n").append(SqlLiterals.format(java.lang.reflect.Array.get(result, i), type));
        }
        return sb.toString();
    }

    /**
     * Aggregates every row with an aggregate function ({@code E_create}, then {@code E_accumulate}
     * per row) and prints the result as a SQL literal. A row with a NULL argument is skipped, as
     * SQL does; a row that cannot be read stops the command.
     */
    static int aggregate(
            Plugin plugin,
            FunctionSignature sig,
            String rowsFile,
            ArgumentRows.Format format,
            InputStream stdin,
            PrintStream out) {
        Object result;
        try (ArgumentRows rows = ArgumentRows.open(rowsFile, stdin, format, sig.name(), sig.paramTypes());
                AggregateInvoker invoker =
                        AggregateInvoker.open(plugin, sig.name(), MetricsRecorder.NONE, Representation.JAVA)) {
            byte[] acc = invoker.create();
            for (ArgumentRows.Row row = next(rows); row != null; row = next(rows)) {
                acc = invoker.accumulate(acc, row.values());
            }
            result = invoker.result(acc);
        }
        out.println(SqlLiterals.format(result, parse(sig.returnType())));
        return 0;
    }

    private static ArgumentRows.Row next(ArgumentRows rows) {
        try {
            return rows.next();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    /**
     * One call per row, on one instance: prints the result of each row, or {@code ERROR: <where>:
     * <why>} in its place. Returns 1 when any row failed.
     */
    static int callRows(
            String manifest,
            String functionName,
            String rowsFile,
            ArgumentRows.Format format,
            InputStream stdin,
            PrintStream out,
            PrintStream err) {
        Plugin plugin = PluginLoader.load(manifest);
        FunctionSignature sig = function(plugin, manifest, functionName);
        if (sig.kind() == FunctionKind.AGGREGATE) {
            return aggregate(plugin, sig, rowsFile, format, stdin, out);
        }
        long total = 0;
        long failed = 0;
        try (ArgumentRows rows = ArgumentRows.open(rowsFile, stdin, format, sig.name(), sig.paramTypes());
                FunctionInvoker invoker =
                        FunctionInvoker.open(plugin, functionName, MetricsRecorder.NONE, Representation.JAVA)) {
            while (true) {
                ArgumentRows.Row row;
                try {
                    row = rows.next();
                } catch (IllegalArgumentException e) {
                    total++;
                    failed++;
                    out.println(ROW_ERROR + e.getMessage());
                    continue;
                }
                if (row == null) {
                    break;
                }
                total++;
                try {
                    out.println(format(sig, invoker.invokeOrThrow(row.values())));
                } catch (WasmCallException e) {
                    if (sig.onError() == ErrorPolicy.NULL && !(e instanceof GuestInterruptedException)) {
                        // what the row of a query gets
                        err.println("warning: " + rows.source() + ":" + row.line() + ": " + Errors.oneLine(e)
                                + "; the row gets NULL (on_error = null)");
                        out.println(format(sig, null));
                        continue;
                    }
                    failed++;
                    out.println(ROW_ERROR + rows.source() + ":" + row.line() + ": " + Errors.oneLine(e));
                }
            }
        }
        if (failed > 0) {
            err.println("error: " + failed + " of " + total + (total == 1 ? " row" : " rows") + " failed");
            return 1;
        }
        return 0;
    }

    private static FunctionSignature function(Plugin plugin, String manifest, String functionName) {
        if (!plugin.functionNames().contains(functionName)) {
            throw new CliException("plugin '" + plugin.name() + "' (" + manifest + ") has no function '" + functionName
                    + "'; it has " + String.join(", ", plugin.functionNames()));
        }
        return plugin.function(functionName);
    }

    private static LogicalType parse(String sqlType) {
        return LogicalTypeParser.parse(sqlType, CallCommand.class.getClassLoader());
    }
}
