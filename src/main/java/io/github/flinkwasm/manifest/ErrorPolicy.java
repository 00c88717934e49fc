package io.github.flinkwasm.manifest;

/** What a failed call does to its row ({@code on_error}). */
public enum ErrorPolicy {
    /** The job fails with the cause. The default. */
    FAIL,
    /** The row gets NULL; the error is counted and logged at a bounded rate. */
    NULL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
