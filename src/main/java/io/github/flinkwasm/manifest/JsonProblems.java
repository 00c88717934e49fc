package io.github.flinkwasm.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;

/**
 * Says what is wrong with malformed JSON in plain words, with the line and column, instead of
 * Jackson's own wording ({@code (CTRL-CHAR, code 0)}, {@code [Source: REDACTED ...]}).
 */
@Internal
public final class JsonProblems {
    private static final Pattern UNEXPECTED = Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");
    private static final Pattern CTRL = Pattern.compile("\\(CTRL-CHAR, code (\\d+)\\)");
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.*?)'");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*?)'");
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?(start marker )?at \\[Source:.*?\\]\\)?");

    private JsonProblems() {
        // no instances
    }

    /** {@code at line L, column C: <what is wrong>}. */
    public static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0
                ? ""
                : "at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return where + what(String.valueOf(e.getOriginalMessage()));
    }

    static String what(String message) {
        Matcher ctrl = CTRL.matcher(message);
        if (ctrl.find()) {
            int code = Integer.parseInt(ctrl.group(1));
            String name = String.format("U+%04X", code);
            if (message.contains("unquoted character")) {
                return "a control character (" + name + ") inside a string; write it escaped, as "
                        + (code == '\n'
                                ? "\\n"
                                : code == '\t' ? "\\t" : code == '\r' ? "\\r" : String.format("\\u%04x", code));
            }
            return "a control character (" + name + ") where JSON allows only spaces, tabs and line breaks"
                    + (code == 0 ? " (is this a binary file?)" : "");
        }
        if (message.startsWith("Invalid UTF-8") || message.contains("Invalid UTF-8")) {
            return "the text is not valid UTF-8";
        }
        if (message.startsWith("Unexpected end-of-input")) {
            return "the text ends before the JSON value does (a '}', ']' or '\"' is missing)";
        }
        Matcher dup = DUPLICATE.matcher(message);
        if (dup.find()) {
            return "duplicate key '" + dup.group(1) + "'";
        }
        Matcher token = TOKEN.matcher(message);
        if (token.find()) {
            return "unexpected '" + token.group(1) + "'; expected a string in double quotes, a number, an object, "
                    + "a list, true, false or null";
        }
        Matcher unexpected = UNEXPECTED.matcher(message);
        if (unexpected.find()) {
            String rest = message.substring(unexpected.end()).replaceFirst("^:\\s*", "");
            rest = SOURCE.matcher(rest).replaceAll("").trim();
            return "unexpected character '" + unexpected.group(1) + "'" + (rest.isEmpty() ? "" : ": " + rest);
        }
        return SOURCE.matcher(message).replaceAll("").replaceAll("\\s+", " ").trim();
    }
}
