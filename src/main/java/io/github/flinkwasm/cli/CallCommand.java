package io.github.flinkwasm.cli;

import io.github.flinkwasm.invoke.FunctionInvoker;
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
    static final String USAGE = "call MANIFEST FUNCTION ARG...";

    private CallCommand() {
        // no instances
    }

    static int run(List<String> args, PrintStream out) {
        if (args.size() < 2) {
            throw new Main.UsageException("call needs a manifest and a function name", USAGE);
        }
        out.println(call(args.get(0), args.get(1), args.subList(2, args.size())));
        return 0;
    }

    /** Calls the function with these SQL literals and returns the result as a SQL literal. */
    static String call(String manifest, String functionName, List<String> literals) {
        Plugin plugin = PluginLoader.load(manifest);
        if (!plugin.functionNames().contains(functionName)) {
            throw new CliException("plugin '" + plugin.name() + "' (" + manifest + ") has no function '" + functionName
                    + "'; it has " + String.join(", ", plugin.functionNames()));
        }
        FunctionSignature sig = plugin.function(functionName);
        if (sig.kind() == io.github.flinkwasm.manifest.FunctionKind.PROCESS) {
            throw new CliException("function " + sig + " is a process function: it keeps state and timers per key in "
                    + "Flink, so it runs in a query, such as SELECT * FROM " + sig.name()
                    + "(input => TABLE t PARTITION BY k, on_time => DESCRIPTOR(ts)) in 'sql'");
        }
        int n = sig.paramTypes().size();
        if (literals.size() != n) {
            throw new CliException("function " + sig + " takes " + n + (n == 1 ? " argument" : " arguments") + ", got "
                    + literals.size());
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            String type = sig.paramTypes().get(i);
            try {
                values[i] = SqlLiterals.parse(literals.get(i), parse(type));
            } catch (IllegalArgumentException e) {
                throw new CliException(
                        "argument " + (i + 1) + " of " + sig.name() + " (" + type + "): " + e.getMessage(), e);
            }
        }
        Object result;
        try (FunctionInvoker invoker =
                FunctionInvoker.open(plugin, functionName, MetricsRecorder.NONE, Representation.JAVA)) {
            result = invoker.invokeOrThrow(values); // show the failure even when on_error is null
        }
        return SqlLiterals.format(result, parse(sig.returnType()));
    }

    private static LogicalType parse(String sqlType) {
        return LogicalTypeParser.parse(sqlType, CallCommand.class.getClassLoader());
    }
}
