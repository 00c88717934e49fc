package io.github.flinkwasm.manifest;

import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;

/** What kind of Flink function a manifest entry is (SPEC section 7): {@code functions[].kind}. */
@PublicEvolving
public enum FunctionKind {
    /** One value per row: a Flink {@code ScalarFunction}; the default. */
    SCALAR,
    /** Zero or more rows per row: a Flink {@code TableFunction}. */
    TABLE,
    /** One value per group: a Flink {@code AggregateFunction} with the accumulator in Flink state. */
    AGGREGATE,
    /** A Flink {@code ProcessTableFunction} over a partitioned table. */
    PROCESS;

    /** The manifest spelling, such as {@code aggregate}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind spelled so in a manifest, or null when no kind is. */
    public static FunctionKind fromJson(String text) {
        for (FunctionKind k : values()) {
            if (k.jsonName().equals(text)) {
                return k;
            }
        }
        return null;
    }
}
