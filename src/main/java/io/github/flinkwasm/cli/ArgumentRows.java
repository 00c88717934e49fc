package io.github.flinkwasm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinkwasm.manifest.JsonProblems;
import io.github.flinkwasm.types.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * Rows of arguments for one function, read from a file or from stdin, one row per line, as {@code
 * call MANIFEST FUNCTION --rows FILE} reads them. A line is either
 *
 * <ul>
 *   <li>CSV: comma-separated fields, each read as one command-line argument of {@code call} is
 *       ({@link SqlLiterals#parseArgument}: a SQL literal, {@code NULL}, or the text itself);
 *       commas inside a quoted literal, {@code ROW(...)} or {@code ARRAY[...]} do not split, and a
 *       field in double quotes is CSV-quoted text ({@code ""} for a double quote); or
 *   <li>JSON: an array with one element per parameter, each read as the plugin's JSON encoding
 *       reads it (README, "Values as JSON": a string for STRING, DATE or TIMESTAMP, base64 for
 *       BYTES, an object for a ROW...).
 * </ul>
 *
 * <p>With {@link Format#AUTO} the first line that is not blank decides: JSON when it starts with
 * {@code [}, else CSV. Blank lines are skipped. Rows are read one at a time, so input of any
 * length streams through. A row that does not fit the parameters is an {@link IllegalArgumentException}
 * naming the file and line; the reader stays usable for the next row. Not thread-safe.
 */
@Internal
public final class ArgumentRows implements AutoCloseable {
    /** How the lines are written. */
    public enum Format {
        AUTO,
        CSV,
        JSON;

        /** {@code auto}, {@code csv} or {@code json}, as the command line spells them. */
        public static Format of(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown row format '" + name + "'; expected csv, json or auto");
        }
    }

    /**
     * One row of arguments.
     *
     * @param line the line number in the input, from 1
     * @param values one value per parameter, in the classes {@link SqlLiterals} reads into
     */
    public record Row(int line, Object[] values) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ThreadLocal<CharsetDecoder> DECODER = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));

    private final ByteArrayOutputStream lineBuffer = new ByteArrayOutputStream();

    private final BufferedInputStream in;
    private final boolean closeInput;
    private final String source;
    private final List<String> paramTypes;
    private final List<LogicalType> types;
    private final String function;
    private Format format;
    private int line;

    private ArgumentRows(
            BufferedInputStream in,
            boolean closeInput,
            String source,
            Format format,
            String function,
            List<String> paramTypes) {
        this.in = in;
        this.closeInput = closeInput;
        this.source = source;
        this.format = format;
        this.function = function;
        this.paramTypes = List.copyOf(paramTypes);
        this.types = this.paramTypes.stream().map(ArgumentRows::type).toList();
    }

    /**
     * Opens the rows of a file, or of {@code stdin} when {@code file} is {@code -}.
     *
     * @param function the function's name, for messages
     * @param paramTypes the SQL type of each parameter
     * @throws CliException when the file cannot be read, naming its absolute path
     */
    public static ArgumentRows open(
            String file, InputStream stdin, Format format, String function, List<String> paramTypes) {
        InputStream stream;
        String source;
        if (file.equals("-")) {
            stream = stdin;
            source = "stdin";
        } else {
            Path path = Path.of(file);
            source = file;
            try {
                stream = Files.newInputStream(path);
            } catch (NoSuchFileException e) {
                throw new CliException(
                        "rows file not found: " + path.toAbsolutePath().normalize());
            } catch (IOException e) {
                throw new CliException(
                        "cannot read the rows file " + path.toAbsolutePath().normalize() + ": " + e.getMessage());
            }
        }
        return new ArgumentRows(new BufferedInputStream(stream), stream != stdin, source, format, function, paramTypes);
    }

    /** The file the rows come from, or {@code stdin}. */
    public String source() {
        return source;
    }

    /** The format in use: {@link Format#AUTO} until the first row decided it. */
    public Format format() {
        return format;
    }

    /**
     * The next row, or null after the last.
     *
     * @throws IllegalArgumentException when the row does not fit the parameters ({@code
     *     FILE:LINE: ...}); the next call reads the row after it
     * @throws CliException when the input cannot be read or is not UTF-8 (then stop)
     */
    public Row next() {
        String text;
        do {
            byte[] bytes = readLine();
            if (bytes == null) {
                return null;
            }
            line++;
            try {
                text = DECODER.get().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new CliException(where(line) + "the input is not valid UTF-8 text");
            }
        } while (text.isBlank());
        if (format == Format.AUTO) {
            format = text.stripLeading().startsWith("[") ? Format.JSON : Format.CSV;
        }
        try {
            return new Row(line, format == Format.JSON ? json(text) : csv(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where(line) + e.getMessage(), e);
        }
    }

    /** The bytes of the next line without its line break, or null at the end of the input. */
    private byte[] readLine() {
        lineBuffer.reset();
        try {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            while (b >= 0 && b != '\n') {
                lineBuffer.write(b);
                b = in.read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(where(line + 1) + "cannot read: " + e.getMessage(), e);
        }
        byte[] bytes = lineBuffer.toByteArray();
        int n = bytes.length;
        return n > 0 && bytes[n - 1] == '\r' ? Arrays.copyOf(bytes, n - 1) : bytes;
    }

    /**
     * Reads command-line arguments, one per parameter, as {@link SqlLiterals#parseArgument} does.
     *
     * @throws IllegalArgumentException naming the argument, its number and its type
     */
    public static Object[] values(List<String> texts, String function, List<String> paramTypes) {
        checkCount(texts.size(), function, paramTypes);
        Object[] values = new Object[texts.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = argument(i, texts.get(i), type(paramTypes.get(i)), function, paramTypes);
        }
        return values;
    }

    private Object[] csv(String text) {
        List<String> fields = SqlLiterals.splitFields(text);
        checkCount(fields.size(), function, paramTypes);
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = argument(i, fields.get(i), types.get(i), function, paramTypes);
        }
        return values;
    }

    private Object[] json(String text) {
        JsonNode row;
        try {
            row = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON array: " + JsonProblems.describe(e), e);
        }
        if (row == null || !row.isArray()) {
            throw new IllegalArgumentException("expected a JSON array with one value per parameter, found " + text);
        }
        checkCount(row.size(), function, paramTypes);
        Object[] values = new Object[row.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = row.get(i);
            try {
                values[i] = v.isNull()
                        ? null
                        : Json.decode(types.get(i), v.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "argument " + (i + 1) + " of " + function + " (" + paramTypes.get(i) + "): the JSON value " + v
                                + " does not fit " + paramTypes.get(i) + ": " + e.getMessage(),
                        e);
            }
        }
        return values;
    }

    private static Object argument(int i, String text, LogicalType type, String function, List<String> paramTypes) {
        try {
            return SqlLiterals.parseArgument(text, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "argument " + (i + 1) + " of " + function + " (" + paramTypes.get(i) + "): " + e.getMessage(), e);
        }
    }

    private static void checkCount(int found, String function, List<String> paramTypes) {
        int n = paramTypes.size();
        if (found != n) {
            throw new IllegalArgumentException(function + "(" + String.join(", ", paramTypes) + ") takes " + n
                    + (n == 1 ? " argument" : " arguments") + ", got " + found);
        }
    }

    private String where(int lineNumber) {
        return source + ":" + lineNumber + ": ";
    }

    private static LogicalType type(String sqlType) {
        return LogicalTypeParser.parse(sqlType, ArgumentRows.class.getClassLoader());
    }

    @Override
    public void close() {
        if (!closeInput) {
            return; // stdin stays open
        }
        try {
            in.close();
        } catch (IOException e) {
            // nothing was written; nothing to lose
        }
    }

    @Override
    public String toString() {
        return "rows of " + function + " from " + source + " (" + format.name().toLowerCase(Locale.ROOT) + ")";
    }
}
