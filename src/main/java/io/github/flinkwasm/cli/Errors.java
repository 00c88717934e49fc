package io.github.flinkwasm.cli;

import io.github.flinkwasm.WasmException;
import java.util.ArrayList;
import java.util.List;

/** Turns an exception chain into the one line the command line prints. */
final class Errors {
    private static final int MAX_CHARS = 1500;

    private Errors() {
        // no instances
    }

    /**
     * The most telling message of a chain: this library's own message when there is one (it names
     * the plugin, function and file), Flink's SQL message for SQL errors (it has the position), and
     * otherwise the root cause's; newlines folded, very long messages cut.
     */
    static String oneLine(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        Throwable pick = null;
        for (Throwable t : chain) {
            if ((t instanceof WasmException || t instanceof CliException) && t.getMessage() != null) {
                pick = t;
                break;
            }
        }
        if (pick == null && isSqlError(chain.get(0))) {
            pick = chain.get(0);
        }
        if (pick == null) {
            for (Throwable t : chain) {
                if (t.getMessage() != null && !t.getMessage().isBlank()) {
                    pick = t; // keep the deepest with a message
                }
            }
        }
        String text = pick == null ? describe(chain.get(chain.size() - 1)) : pick.getMessage();
        if (pick == chain.get(0) && isSqlError(pick)) {
            text = sqlCauses(chain);
        }
        text = text.replaceAll("\\s*\\R\\s*", " ").trim();
        if (text.length() > MAX_CHARS) {
            text = text.substring(0, MAX_CHARS) + "... (--verbose prints all)";
        }
        if (pick != null
                && !(pick instanceof WasmException || pick instanceof CliException || isSqlError(pick))
                && !(pick instanceof IllegalArgumentException)) {
            text = pick.getClass().getSimpleName() + ": " + text;
        }
        return text;
    }

    /**
     * A SQL error with the planner's causes: Flink wraps the useful part ({@code Data type STRING
     * expected but INT NOT NULL passed}) two or three levels deep, so every message of the chain
     * that says something new is kept, in order.
     */
    private static String sqlCauses(List<Throwable> chain) {
        List<String> parts = new ArrayList<>();
        for (Throwable t : chain) {
            if (!isSqlError(t) && !t.getClass().getName().startsWith("org.apache.calcite.")) {
                break;
            }
            String m = t.getMessage() == null
                    ? ""
                    : t.getMessage().replaceAll("\\s*\\R\\s*", " ").trim();
            String said = m.replaceAll("[:.]$", "");
            if (!said.isEmpty() && parts.stream().noneMatch(p -> p.contains(said))) {
                parts.add(said);
            }
        }
        return String.join(": ", parts);
    }

    private static boolean isSqlError(Throwable t) {
        String n = t.getClass().getName();
        return n.startsWith("org.apache.flink.table.api.")
                || n.equals("org.apache.flink.sql.parser.impl.ParseException");
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
