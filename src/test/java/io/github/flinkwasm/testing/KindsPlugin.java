package io.github.flinkwasm.testing;

import java.nio.file.Path;

/** The hand-written table and aggregate guest of src/test/wat/kinds.wat, with a manifest. */
public final class KindsPlugin {
    /** Every function of kinds.wat; {@code picky_null} is {@code picky} with on_error = null. */
    public static final String FUNCTIONS = "["
            + "{\"name\": \"split\", \"kind\": \"table\", \"params\": [\"STRING\"], \"returns\": \"STRING\"},"
            + "{\"name\": \"split_pos\", \"kind\": \"table\", \"params\": [\"STRING\"],"
            + " \"returns\": \"ROW<token STRING, pos INT>\"},"
            + "{\"name\": \"series\", \"kind\": \"table\", \"params\": [\"INT\"], \"returns\": \"INT\"},"
            + "{\"name\": \"series_null\", \"export\": \"series\", \"kind\": \"table\", \"params\": [\"INT\"],"
            + " \"returns\": \"INT\", \"on_error\": \"null\"},"
            + "{\"name\": \"sumsq\", \"kind\": \"aggregate\", \"params\": [\"BIGINT\"], \"returns\": \"BIGINT\"},"
            + "{\"name\": \"sumsq_plain\", \"kind\": \"aggregate\", \"params\": [\"BIGINT\"], \"returns\": \"BIGINT\"},"
            + "{\"name\": \"picky\", \"kind\": \"aggregate\", \"params\": [\"BIGINT\"], \"returns\": \"BIGINT\"},"
            + "{\"name\": \"picky_null\", \"export\": \"picky\", \"kind\": \"aggregate\", \"params\": [\"BIGINT\"],"
            + " \"returns\": \"BIGINT\", \"on_error\": \"null\"},"
            + "{\"name\": \"count_str\", \"kind\": \"aggregate\", \"params\": [\"STRING\"], \"returns\": \"BIGINT\"}"
            + "]";

    private KindsPlugin() {
        // no instances
    }

    /** Writes the manifest of plugin {@code kinds} into {@code dir}; returns its path. */
    public static String manifest(Path dir) {
        return TestPlugins.manifest(dir, "kinds", "kinds", "", FUNCTIONS);
    }
}
