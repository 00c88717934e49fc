package io.github.flinkwasm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of function arguments for the command line ({@code --rows FILE}, or {@code -} for standard
 * input): one row per line, its arguments as SQL literals separated by commas, as in a SQL {@code
 * VALUES} row ({@code 42, 'a, b', NULL}). Blank lines and lines starting with {@code #} are skipped.
 */
final class ArgumentRows {
    private ArgumentRows() {
        // no instances
    }

    /** The rows of a file, or of {@code stdin} when the name is {@code -}. */
    static List<List<String>> read(String fileOrDash, InputStream stdin) {
        String text;
        try {
            text = "-".equals(fileOrDash)
                    ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(fileOrDash), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("rows file not found: " + fileOrDash);
        } catch (IOException e) {
            throw new CliException("cannot read rows from " + fileOrDash + ": " + e.getMessage(), e);
        }
        List<List<String>> rows = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                rows.add(split(line));
            } catch (IllegalArgumentException e) {
                throw new CliException(fileOrDash + ", line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    /**
     * Splits a line at the commas outside quotes and brackets: {@code 1, 'a,b', ROW(1, 2)} gives
     * {@code 1}, {@code 'a,b'} and {@code ROW(1, 2)}.
     */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\'') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '\'') {
                        i++; // '' inside a string
                    } else {
                        quoted = false;
                    }
                }
            } else if (c == '\'') {
                quoted = true;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(line.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a string literal is not closed: " + line);
        }
        out.add(line.substring(start).strip());
        return out;
    }
}
