package org.linrepro.kernel;

import java.util.Map;

/** Where a running cell's output goes: the Jupyter iopub channel in the kernel, a buffer in tests. */
public interface CellOutput {

    void stdout(String text);

    void stderr(String text);

    /**
     * A rich display ({@code display_data}, or {@code update_display_data} when {@code update}). The bundle maps MIME
     * types to data ready for Jupyter (binary data already base64-encoded).
     */
    void display(Map<String, Object> bundle, String displayId, boolean update);

    /** A line typed by the user ({@code input_request}); by default there is no stdin. */
    default String input(String prompt, boolean password) {
        throw new UnsupportedOperationException("this frontend does not accept input");
    }
}
