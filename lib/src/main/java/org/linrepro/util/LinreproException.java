package org.linrepro.util;

/**
 * An error the user can act on: bad input, missing data, an impossible config, a diverged run.
 * The CLI prints {@link #getMessage()} as one line and exits with {@link #exitCode()}; no stack trace.
 */
public class LinreproException extends RuntimeException {
    /** Exit code for usage and data errors (the CLI's contract: 0 pass, 1 a verdict failed, 2 usage/data). */
    public static final int USAGE = 2;
    /** Exit code when a run itself failed (NaN, out of memory, experiment error). */
    public static final int FAILED = 1;

    private final int exitCode;

    public LinreproException(String message) {
        this(message, USAGE, null);
    }

    public LinreproException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
