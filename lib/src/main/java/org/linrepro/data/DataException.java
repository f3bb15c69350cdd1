package org.linrepro.data;

import org.linrepro.util.LinreproException;

/**
 * A data problem the user can fix: a missing or corrupt file, an unknown dataset, a missing fetch script.
 * The message is one line that names the file (absolute path), the dataset and the command that fetches it.
 * Exit code {@link LinreproException#USAGE} (2).
 */
public final class DataException extends LinreproException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, USAGE, cause);
    }
}
