package io.github.flinkwasm.runtime;

/**
 * Asks a running call to stop. The compiled mode stops on thread interruption; the interpreter in
 * Chicory 1.7.5 does not check interruption on {@code br_if}/{@code br_table} back-edges, so an
 * interpreted instance also polls this flag on every instruction.
 */
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
