package io.github.flinkwasm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.annotation.Internal;

/**
 * Splits a SQL script into statements at semicolons, as Flink's SQL client reads a script file. A
 * semicolon does not end a statement inside a string ({@code '...'} with {@code ''} for a quote), a
 * quoted identifier ({@code `...`} or {@code "..."}), a comment ({@code -- ...} to the end of the
 * line, {@code /* ... *}{@code /}, hints included), or an {@code EXECUTE STATEMENT SET BEGIN ...
 * END} block (whose {@code CASE ... END} expressions are told apart from the block's {@code END}).
 * Comments before a statement are dropped; those inside are kept. Flink itself offers no public
 * splitter: its parser takes one statement at a time.
 */
@Internal
public final class ScriptSplitter {

    /** One statement without its semicolon, and the 1-based line it starts on. */
    public record Statement(String text, int line) {}

    private ScriptSplitter() {
        // no instances
    }

    /**
     * Splits a script.
     *
     * @throws IllegalArgumentException for an unterminated string, identifier or comment, naming
     *     the line it starts on
     */
    public static List<Statement> split(String script) {
        return new Splitting(script).run();
    }

    private static final class Splitting {
        private final String s;
        private final List<Statement> out = new ArrayList<>();
        private final List<String> words = new ArrayList<>(); // upper-case words of the current statement
        private int pos;
        private int line = 1;
        private int start = -1; // where the current statement starts, -1 before its first token
        private int startLine;
        private int caseDepth; // CASE ... END nesting inside a statement set

        Splitting(String script) {
            this.s = script;
        }

        List<Statement> run() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                char next = pos + 1 < s.length() ? s.charAt(pos + 1) : 0;
                if (c == '-' && next == '-') {
                    int end = s.indexOf('\n', pos);
                    pos = end < 0 ? s.length() : end; // the newline itself is counted below
                } else if (c == '/' && next == '*') {
                    int end = s.indexOf("*/", pos + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("line " + line + ": unterminated /* comment");
                    }
                    skipTo(end + 2);
                } else if (c == '\'' || c == '"' || c == '`') {
                    begin();
                    quoted(c);
                } else if (c == ';') {
                    if (start >= 0 && !insideStatementSet()) {
                        emit(pos);
                    }
                    pos++;
                } else if (Character.isLetter(c) || c == '_') {
                    begin();
                    int end = pos;
                    while (end < s.length()
                            && (Character.isLetterOrDigit(s.charAt(end))
                                    || s.charAt(end) == '_'
                                    || s.charAt(end) == '$')) {
                        end++;
                    }
                    word(s.substring(pos, end).toUpperCase(Locale.ROOT));
                    pos = end;
                } else {
                    if (c == '\n') {
                        line++;
                    } else if (!Character.isWhitespace(c)) {
                        begin();
                    }
                    pos++;
                }
            }
            if (start >= 0) {
                emit(s.length());
            }
            return out;
        }

        private void begin() {
            if (start < 0) {
                start = pos;
                startLine = line;
            }
        }

        private void word(String w) {
            words.add(w);
            if (isStatementSet()) {
                if (w.equals("CASE")) {
                    caseDepth++;
                } else if (w.equals("END")) {
                    caseDepth--; // the block's own END takes it to -1
                }
            }
        }

        private boolean isStatementSet() {
            return words.size() >= 4
                    && words.get(0).equals("EXECUTE")
                    && words.get(1).equals("STATEMENT")
                    && words.get(2).equals("SET")
                    && words.get(3).equals("BEGIN");
        }

        private boolean insideStatementSet() {
            return isStatementSet() && caseDepth >= 0;
        }

        private void quoted(char quote) {
            int openLine = line;
            int i = pos + 1;
            while (true) {
                if (i >= s.length()) {
                    String what = quote == '\'' ? "string literal" : "quoted identifier";
                    throw new IllegalArgumentException("line " + openLine + ": unterminated " + what + " (" + quote
                            + "...); a quote inside is written twice");
                }
                char c = s.charAt(i);
                if (c == quote) {
                    if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i++;
            }
            skipTo(i + 1);
        }

        /** Moves to {@code end}, counting the lines passed. */
        private void skipTo(int end) {
            for (int i = pos; i < end; i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                }
            }
            pos = end;
        }

        private void emit(int end) {
            String text = s.substring(start, end).strip();
            if (!text.isEmpty()) {
                out.add(new Statement(text, startLine));
            }
            start = -1;
            words.clear();
            caseDepth = 0;
        }
    }
}
