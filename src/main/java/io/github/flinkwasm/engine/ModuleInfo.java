package io.github.flinkwasm.engine;

import io.github.flinkwasm.Records;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * What a module declares, in host terms: exports, imports and memory. Built by {@link
 * WasmEngine#inspect}; immutable.
 *
 * @param digest SHA-256 of the module bytes, lower-case hex
 * @param functionExports exported functions by name, in declaration order
 * @param otherExports exported memories, tables, globals and tags: name to kind
 * @param imports everything the module imports
 * @param memory the module's own memory 0, or null when it defines none
 */
@Internal
public record ModuleInfo(
        String digest,
        int size,
        Map<String, WasmSignature> functionExports,
        Map<String, String> otherExports,
        List<Import> imports,
        MemoryInfo memory) {

    /** One import. {@code signature} is set for function imports only. */
    public record Import(String module, String name, String kind, WasmSignature signature) {
        @Override
        public String toString() {
            return module + "." + name + " (" + kind + (signature == null ? "" : " " + signature) + ")";
        }

        // written out, see Records: a record's own would keep a job's class loader alive on JDK 17

        @Override
        public boolean equals(Object o) {
            return Records.equals(this, o);
        }

        @Override
        public int hashCode() {
            return Records.hashCode(this);
        }
    }

    /**
     * A module's memory limits in 64 KiB pages; {@code maximumPages} is -1 when none is declared.
     */
    public record MemoryInfo(int initialPages, int maximumPages, boolean exported) {
        // written out, see Records: a record's own would keep a job's class loader alive on JDK 17

        @Override
        public boolean equals(Object o) {
            return Records.equals(this, o);
        }

        @Override
        public int hashCode() {
            return Records.hashCode(this);
        }

        @Override
        public String toString() {
            return Records.toString(this);
        }
    }

    // written out, see Records: a record's own would keep a job's class loader alive on JDK 17

    @Override
    public boolean equals(Object o) {
        return Records.equals(this, o);
    }

    @Override
    public int hashCode() {
        return Records.hashCode(this);
    }

    @Override
    public String toString() {
        return Records.toString(this);
    }
}
