package org.linrepro.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A cell's output kept in memory. */
final class RecordingOutput implements CellOutput {
    final StringBuilder out = new StringBuilder();
    final StringBuilder err = new StringBuilder();
    final List<Map<String, Object>> displays = new ArrayList<>();

    @Override
    public synchronized void stdout(String text) {
        out.append(text);
    }

    @Override
    public synchronized void stderr(String text) {
        err.append(text);
    }

    @Override
    public synchronized void display(Map<String, Object> bundle, String displayId, boolean update) {
        displays.add(bundle);
    }
}
