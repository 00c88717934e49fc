package io.github.flinkwasm.engine;

import org.apache.flink.annotation.Internal;

/**
 * Asks a running call to stop. An engine must stop a call when its thread is interrupted or this
 * signal is raised, whichever it can observe: Chicory's compiled mode stops on thread interruption;
 * its interpreter (1.7.5) does not check interruption on {@code br_if}/{@code br_table} back-edges,
 * so an interpreted instance also polls this flag on every instruction.
 */
@Internal
public final class StopSignal {
    private volatile boolean raised;

    public void raise() {
        raised = true;
    }

    public void clear() {
        raised = false;
    }

    public boolean raised() {
        return raised;
    }
}
