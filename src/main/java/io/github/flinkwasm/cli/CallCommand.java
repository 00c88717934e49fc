package io.github.flinkwasm.cli;

import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.manifest.ErrorPolicy;
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

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() < 2) {
            throw new Main.UsageException("call needs a manifest and a function name", USAGE);
        }
        out.println(call(args.get(0), args.get(1), args.subList(2, args.size()), err));
        return 0;
    }

    /**
     * Calls the function with these SQL literals and returns the result as a SQL literal: what the
     * row of a query would get. A failure of a function with {@code on_error = null} gives {@code
     * NULL}, and its message goes to {@code err}; with {@code on_error = fail} it is thrown.
     */
    static String call(String manifest, String functionName, List<String> literals, PrintStream err) {
        Plugin plugin = PluginLoader.load(manifest);
        if (!plugin.functionNames().contains(functionName)) {
            throw new CliException("plugin '" + plugin.name() + "' (" + manifest + ") has no function '" + functionName
                    + "'; it has " + String.join(", ", plugin.functionNames()));
        }
        FunctionSignature sig = plugin.function(functionName);
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
            result = invoker.invokeOrThrow(values); // the failure itself, to show it
        } catch (WasmCallException e) {
            if (sig.onError() != ErrorPolicy.NULL || e instanceof GuestInterruptedException) {
                throw e;
            }
            err.println("warning: " + Errors.oneLine(e) + "; the row gets NULL (on_error = null)");
            result = null;
        }
        return SqlLiterals.format(result, parse(sig.returnType()));
    }

    private static LogicalType parse(String sqlType) {
        return LogicalTypeParser.parse(sqlType, CallCommand.class.getClassLoader());
    }
}
