package io.github.flinkwasm;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A plugin cannot be loaded: its manifest or its module is wrong. Raised at load time, never at the
 * first row. The message names the manifest file, the JSON path of the key and what was expected.
 */
@PublicEvolving
public class PluginException extends WasmLoadException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String jsonPath;
    private final List<PluginException> problems;

    public PluginException(String source, String jsonPath, String problem) {
        this(source, jsonPath, problem, null);
    }

    public PluginException(String source, String jsonPath, String problem, Throwable cause) {
        super(format(source, jsonPath, problem), cause);
        this.source = source;
        this.jsonPath = jsonPath;
        this.problems = List.of(this);
    }

    private PluginException(List<PluginException> problems) {
        super(
                problems.get(0).source() + ": " + problems.size() + " problems: "
                        + problems.stream()
                                .map(p -> p.getMessage().substring(p.source().length() + 2))
                                .collect(Collectors.joining("; ")),
                problems.get(0));
        this.source = problems.get(0).source();
        this.jsonPath = "";
        this.problems = List.copyOf(problems);
    }

    /**
     * The one exception that reports these problems of one manifest: the problem itself when there
     * is one, else an exception whose message lists them all and whose {@link #problems()} are
     * they.
     */
    public static PluginException of(List<PluginException> problems) {
        List<PluginException> flat = new ArrayList<>();
        problems.forEach(p -> flat.addAll(p.problems()));
        return flat.size() == 1 ? flat.get(0) : new PluginException(flat);
    }

    /** Every problem this exception reports, each naming its file and JSON path; itself when one. */
    public List<PluginException> problems() {
        return problems;
    }

    private static String format(String source, String jsonPath, String problem) {
        return source + (jsonPath == null || jsonPath.isEmpty() ? "" : ": " + jsonPath) + ": " + problem;
    }

    /** The manifest (or module) file the problem is in. */
    public String source() {
        return source;
    }

    /** JSON path of the offending key, such as {@code vm_config.timeout_ms}; empty for the file. */
    public String jsonPath() {
        return jsonPath == null ? "" : jsonPath;
    }
}
