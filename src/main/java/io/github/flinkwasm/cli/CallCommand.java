package io.github.flinkwasm.cli;

import io.github.flinkwasm.invoke.AggregateInvoker;
import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.types.Representation;
import java.io.PrintStream;
import java.util.List;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/** {@code call MANIFEST FUNCTION ARG...}: one call of one function, no Flink job. */
final class CallCommand {
    static final String USAGE = "call MANIFEST FUNCTION ARG... | call MANIFEST AGGREGATE --rows FILE|-";

    private CallCommand() {
        // no instances
    }

    static int run(List<String> args, PrintStream out) {
        if (args.size() < 2) {
            throw new Main.UsageException("call needs a manifest and a function name", USAGE);
        }
        List<String> rest = args.subList(2, args.size());
        if (rest.size() == 2 && rest.get(0).equals("--rows")) {
            out.println(aggregate(args.get(0), args.get(1), ArgumentRows.read(rest.get(1), System.in)));
            return 0;
        }
        out.println(call(args.get(0), args.get(1), rest));
        return 0;
    }

    /**
     * Aggregates rows of arguments with an aggregate function ({@code E_create}, then {@code
     * E_accumulate} per row) and returns the result as a SQL literal. A row with a NULL argument is
     * skipped, as SQL does.
     */
    static String aggregate(String manifest, String functionName, List<List<String>> rows) {
        Plugin plugin = PluginLoader.load(manifest);
        FunctionSignature sig = function(plugin, manifest, functionName);
        if (sig.kind() != FunctionKind.AGGREGATE) {
            throw new CliException("--rows is for aggregate functions; function " + sig + " is of kind "
                    + sig.kind().jsonName());
        }
        Object result;
        try (AggregateInvoker invoker =
                AggregateInvoker.open(plugin, functionName, MetricsRecorder.NONE, Representation.JAVA)) {
            byte[] acc = invoker.create();
            for (int r = 0; r < rows.size(); r++) {
                acc = invoker.accumulate(acc, values(sig, rows.get(r), "row " + (r + 1) + ": "));
            }
            result = invoker.result(acc);
        }
        return SqlLiterals.format(result, parse(sig.returnType()));
    }

    private static FunctionSignature function(Plugin plugin, String manifest, String functionName) {
        if (!plugin.functionNames().contains(functionName)) {
            throw new CliException("plugin '" + plugin.name() + "' (" + manifest + ") has no function '" + functionName
                    + "'; it has " + String.join(", ", plugin.functionNames()));
        }
        return plugin.function(functionName);
    }

    /** Calls the function with these SQL literals and returns the result as a SQL literal. */
    static String call(String manifest, String functionName, List<String> literals) {
        Plugin plugin = PluginLoader.load(manifest);
        FunctionSignature sig = function(plugin, manifest, functionName);
        if (sig.kind() == FunctionKind.AGGREGATE) {
            throw new CliException("function " + sig + " is an aggregate: give its argument rows with --rows FILE"
                    + " (one row per line, SQL literals separated by commas; - reads standard input)");
        }
        Object[] values = values(sig, literals, "");
        Object result;
        try (FunctionInvoker invoker =
                FunctionInvoker.open(plugin, functionName, MetricsRecorder.NONE, Representation.JAVA)) {
            result = invoker.invokeOrThrow(values); // show the failure even when on_error is null
        }
        if (sig.kind() == FunctionKind.TABLE) {
            return rows(result, parse(sig.returnType()));
        }
        return SqlLiterals.format(result, parse(sig.returnType()));
    }

    /** A table function's rows, one SQL literal per line; "(no rows)" for none. */
    private static String rows(Object array, LogicalType rowType) {
        if (array == null || java.lang.reflect.Array.getLength(array) == 0) {
            return "(no rows)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < java.lang.reflect.Array.getLength(array); i++) {
            sb.append(i == 0 ? "" : "\n").append(SqlLiterals.format(java.lang.reflect.Array.get(array, i), rowType));
        }
        return sb.toString();
    }

    private static Object[] values(FunctionSignature sig, List<String> literals, String where) {
        int n = sig.paramTypes().size();
        if (literals.size() != n) {
            throw new CliException(where + "function " + sig + " takes " + n + (n == 1 ? " argument" : " arguments")
                    + ", got " + literals.size());
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            String type = sig.paramTypes().get(i);
            try {
                values[i] = SqlLiterals.parse(literals.get(i), parse(type));
            } catch (IllegalArgumentException e) {
                throw new CliException(
                        where + "argument " + (i + 1) + " of " + sig.name() + " (" + type + "): " + e.getMessage(), e);
            }
        }
        return values;
    }

    private static LogicalType parse(String sqlType) {
        return LogicalTypeParser.parse(sqlType, CallCommand.class.getClassLoader());
    }
}
