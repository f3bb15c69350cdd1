package org.linrepro.kernel.nb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.linrepro.kernel.CellOutput;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Collects one cell's output as nbformat 4 output objects, in the order it arrived: consecutive text on the same stream
 * joins one {@code stream} output (as Jupyter shows it), displays become {@code display_data}, and an update of an
 * earlier display replaces that display's data in place.
 */
final class NotebookOutputs implements CellOutput {
    private static final Gson GSON = new Gson();
    private final JsonArray outputs = new JsonArray();
    private final Map<String, JsonObject> byDisplayId = new LinkedHashMap<>();

    @Override
    public synchronized void stdout(String text) {
        stream("stdout", text);
    }

    @Override
    public synchronized void stderr(String text) {
        stream("stderr", text);
    }

    private void stream(String name, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!outputs.isEmpty()) {
            JsonObject last = outputs.get(outputs.size() - 1).getAsJsonObject();
            if ("stream".equals(last.get("output_type").getAsString()) && name.equals(last.get("name").getAsString())) {
                last.addProperty("text", last.get("text").getAsString() + text);
                return;
            }
        }
        JsonObject o = new JsonObject();
        o.addProperty("output_type", "stream");
        o.addProperty("name", name);
        o.addProperty("text", text);
        outputs.add(o);
    }

    @Override
    public synchronized void display(Map<String, Object> bundle, String displayId, boolean update) {
        JsonObject earlier = displayId == null ? null : byDisplayId.get(displayId);
        if (update) {
            if (earlier != null) {
                earlier.add("data", data(bundle));
            }
            return; // an update of a display from another cell cannot change that cell here
        }
        JsonObject o = new JsonObject();
        o.addProperty("output_type", "display_data");
        o.add("data", data(bundle));
        o.add("metadata", new JsonObject());
        outputs.add(o);
        if (displayId != null) {
            byDisplayId.put(displayId, o);
        }
    }

    synchronized void result(Map<String, Object> bundle, int executionCount) {
        JsonObject o = new JsonObject();
        o.addProperty("output_type", "execute_result");
        o.addProperty("execution_count", executionCount);
        o.add("data", data(bundle));
        o.add("metadata", new JsonObject());
        outputs.add(o);
    }

    synchronized void error(String ename, String evalue, List<String> traceback) {
        JsonObject o = new JsonObject();
        o.addProperty("output_type", "error");
        o.addProperty("ename", ename);
        o.addProperty("evalue", evalue);
        JsonArray tb = new JsonArray();
        traceback.forEach(tb::add);
        o.add("traceback", tb);
        outputs.add(o);
    }

    synchronized JsonArray outputs() {
        return outputs.deepCopy();
    }

    private static JsonObject data(Map<String, Object> bundle) {
        JsonObject d = new JsonObject();
        bundle.forEach((mime, value) -> d.add(mime, json(value)));
        return d;
    }

    private static JsonElement json(Object value) {
        if (value instanceof JsonElement e) {
            return e;
        }
        if (value instanceof CharSequence || value == null) {
            return new JsonPrimitive(String.valueOf(value));
        }
        return GSON.toJsonTree(value); // e.g. application/json given as a Map
    }
}
