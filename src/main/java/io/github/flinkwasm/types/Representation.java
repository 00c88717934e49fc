package io.github.flinkwasm.types;

import org.apache.flink.annotation.Internal;

/** Which Java classes stand for SQL values at a boundary of the library. */
@Internal
public enum Representation {
    /**
     * The classes of a Flink SQL function's arguments and result as the library's type inference
     * declares them: {@code STRING} as {@link org.apache.flink.table.data.StringData} (UTF-8 already,
     * so no re-encoding), {@code DATE} as {@code Integer} days since the epoch, every other type as
     * Flink's default class ({@code Integer}, {@code BigDecimal}, {@code Row}, arrays, {@code Map}).
     */
    SQL_FUNCTION,
    /**
     * Java's own classes for every type ({@code String}, {@code LocalDate}...): the DataStream
     * wrappers and the command line.
     */
    JAVA
}
