package org.linrepro.kernel;

import java.util.List;

/**
 * A cell that failed, as Jupyter shows it: {@code ename} (an exception class name, {@code CompilationError},
 * {@code Interrupted}, {@code MagicError}, ...), {@code evalue} (one line) and the traceback lines.
 */
public final class CellException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String ename;
    private final String evalue;
    private final List<String> traceback;

    public CellException(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue, null, false, false);
        this.ename = ename;
        this.evalue = evalue == null ? "" : evalue;
        this.traceback = List.copyOf(traceback);
    }

    public static CellException of(String ename, String message) {
        return new CellException(ename, message, List.of(ename + ": " + message));
    }

    public String ename() {
        return ename;
    }

    public String evalue() {
        return evalue;
    }

    public List<String> traceback() {
        return traceback;
    }
}
