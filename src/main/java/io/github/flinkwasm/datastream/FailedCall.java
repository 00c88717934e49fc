package io.github.flinkwasm.datastream;

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
public record FailedCall<IN>(IN element, String error) implements Serializable {}
