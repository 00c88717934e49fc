package io.github.flinkwasm.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * The {@code flink-wasm-cli.jar} command line: {@code sql}, {@code call}, {@code inspect}, {@code
 * validate}, {@code package} and {@code init}. {@link #run} does the work and returns the exit status, so tests
 * call it in-process; only {@link #main} ever exits the JVM, and only on failure (exiting while an
 * embedded cluster shuts down would leave its files behind).
 */
@Internal
public final class Main {
    /** Log4j 2 configuration inside the command-line jar: warnings and errors on stderr. */
    static final String LOG_CONFIG = "flink-wasm-cli-log4j2.properties";

    static final String USAGE = String.join(
            "\n",
            "Usage: java -jar flink-wasm-cli.jar [--verbose] COMMAND ARGS...",
            "",
            "Commands:",
            "  sql [--slots N] FILE.sql...       run Flink SQL scripts on an embedded local cluster",
            "                                    (N task slots, default 2; parallelism.default is 2",
            "                                    unless the script SETs it) and print each query's rows",
            "  call MANIFEST FUNCTION ARG...     call one function without Flink; each ARG is a SQL",
            "                                    literal: 42, -7, 3.5, 1e3, 'text', NULL, TRUE, X'0a0b',",
            "                                    DATE '2024-01-01', DECIMAL '1.5', ROW(1, 'a'), ARRAY[1, 2],",
            "                                    MAP['k', 1]; or text: for a STRING parameter anything",
            "                                    but NULL and a quoted literal is the text as written,",
            "                                    for others a non-literal is a string (JSON for ROW/ARRAY/MAP)",
            "  call MANIFEST FUNCTION --rows FILE|- [--format csv|json]",
            "                                    one call per line of FILE (- for stdin) on one instance,",
            "                                    one result per line; a line is comma-separated arguments",
            "                                    as above (\"...\" quotes a field) or a JSON array",
            "                                    a table function prints one row per line; an aggregate",
            "                                    takes its argument rows with --rows and prints one result",
            "  inspect MANIFEST|MODULE.wasm      imports, exports, memory, and a manifest's functions",
            "  validate MANIFEST|FOLDER...       load every manifest with all load-time checks;",
            "                                    exit 0 when all are valid, else 1",
            "  package MANIFEST -o JAR [--package JAVA.PACKAGE]",
            "                                    write a jar for CREATE FUNCTION ... USING JAR: the",
            "                                    manifest, the module and one class per function",
            "                                    (flinkwasm.udf.<plugin>.<CamelCaseName> by default)",
            "  init --lang c|rust|assemblyscript NAME [DIR]",
            "                                    write a new guest project into DIR (default ./NAME):",
            "                                    source with the SDK, build.sh, NAME.json, greet.rows",
            "",
            "Options:",
            "  --verbose                         print stack traces of errors",
            "  -h, --help                        print this help",
            "",
            "Text needs no SQL quotes: call udf-samples/plugins/text.json greet Ada, or \"Ada's\";",
            "a SQL string literal in a shell: \"'Ada''s'\" (a quote inside it is written twice).");

    private Main() {
        // no instances
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs one command line; returns the exit status (0 success, 1 failure, 2 usage error). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** {@link #run(String[], PrintStream, PrintStream)} with this standard input ({@code call --rows -}). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        boolean verbose = false;
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--verbose") || a.equals("-v")) {
                verbose = true;
            } else {
                rest.add(a);
            }
        }
        if (rest.isEmpty()
                || rest.get(0).equals("--help")
                || rest.get(0).equals("-h")
                || rest.get(0).equals("help")) {
            out.println(USAGE);
            return rest.isEmpty() ? 2 : 0;
        }
        String command = rest.get(0);
        List<String> commandArgs = rest.subList(1, rest.size());
        if (commandArgs.contains("--help") || commandArgs.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        try {
            switch (command) {
                case "sql":
                    return SqlCommand.run(commandArgs, out, err, verbose);
                case "call":
                    return CallCommand.run(commandArgs, in, out, err);
                case "inspect":
                    return InspectCommand.run(commandArgs, out);
                case "validate":
                    return ValidateCommand.run(commandArgs, out, err);
                case "package":
                    return PackageCommand.run(commandArgs, out, err);
                case "init":
                    return InitCommand.run(commandArgs, out);
                default:
                    err.println("error: unknown command '" + command + "'; expected sql, call, inspect, "
                            + "validate, package or init (see --help)");
                    return 2;
            }
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("usage: " + e.usage + "  (see --help)");
            return 2;
        } catch (RuntimeException | Error e) {
            err.println("error: " + Errors.oneLine(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    /** Wrong command-line arguments; exit status 2 with the command's usage line. */
    static final class UsageException extends CliException {
        private static final long serialVersionUID = 1L;
        final String usage;

        UsageException(String message, String usage) {
            super(message);
            this.usage = usage;
        }
    }
}
