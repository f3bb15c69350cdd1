package org.linrepro.kernel.exec;

/** Thrown into JShell in place of whatever a cell was doing when it was interrupted. */
public final class CellInterrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CellInterrupted() {
        super("Execution interrupted", null, false, false);
    }
}
