package io.github.flinkwasm.manifest;

import org.apache.flink.annotation.PublicEvolving;

/** What a failed call does to its row ({@code on_error}). */
@PublicEvolving
public enum ErrorPolicy {
    /** The job fails with the cause. The default. */
    FAIL,
    /** The row gets NULL; the error is counted and logged at a bounded rate. */
    NULL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
