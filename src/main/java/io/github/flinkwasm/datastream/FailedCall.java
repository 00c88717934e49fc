package io.github.flinkwasm.datastream;

import io.github.flinkwasm.Records;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * An element whose call failed, with the reason, as emitted to {@link
 * WasmProcessFunction#failures}.
 *
 * @param element the input element
 * @param error what went wrong, naming plugin, function and arguments
 */
@PublicEvolving
public record FailedCall<IN>(IN element, String error) implements Serializable {
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
