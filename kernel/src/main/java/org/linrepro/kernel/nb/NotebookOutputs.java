package org.linrepro.kernel.nb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.linrepro.kernel.CellOutput;
import org.linrepro.kernel.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Collects one cell's output as nbformat 4 output objects, in the order it arrived: consecutive text on the same stream
 * joins one {@code stream} output (as Jupyter shows it), displays become {@code display_data}, and an update of an
 * earlier display replaces that display's data in place (so a live progress line leaves only its last state).
 */
final class NotebookOutputs implements CellOutput {
    private final ArrayNode outputs = Json.MAPPER.createArrayNode();
    private final Map<String, ObjectNode> byDisplayId = new LinkedHashMap<>();

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
            ObjectNode last = (ObjectNode) outputs.get(outputs.size() - 1);
            if ("stream".equals(last.path("output_type").asText()) && name.equals(last.path("name").asText())) {
                last.put("text", last.path("text").asText() + text);
                return;
            }
        }
        ObjectNode o = outputs.addObject();
        o.put("output_type", "stream");
        o.put("name", name);
        o.put("text", text);
    }

    @Override
    public synchronized void display(Map<String, Object> bundle, String displayId, boolean update) {
        ObjectNode earlier = displayId == null ? null : byDisplayId.get(displayId);
        if (update) {
            if (earlier != null) {
                earlier.set("data", data(bundle));
            }
            return; // an update of a display from another cell cannot change that cell here
        }
        ObjectNode o = outputs.addObject();
        o.put("output_type", "display_data");
        o.set("data", data(bundle));
        o.putObject("metadata");
        if (displayId != null) {
            byDisplayId.put(displayId, o);
        }
    }

    synchronized void result(Map<String, Object> bundle, int executionCount) {
        ObjectNode o = outputs.addObject();
        o.put("output_type", "execute_result");
        o.put("execution_count", executionCount);
        o.set("data", data(bundle));
        o.putObject("metadata");
    }

    synchronized void error(String ename, String evalue, List<String> traceback) {
        ObjectNode o = outputs.addObject();
        o.put("output_type", "error");
        o.put("ename", ename);
        o.put("evalue", evalue);
        ArrayNode tb = o.putArray("traceback");
        traceback.forEach(tb::add);
    }

    synchronized ArrayNode outputs() {
        return outputs.deepCopy();
    }

    private static ObjectNode data(Map<String, Object> bundle) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        bundle.forEach((mime, value) -> d.set(mime, json(value)));
        return d;
    }

    private static JsonNode json(Object value) {
        if (value instanceof JsonNode e) {
            return e;
        }
        if (value instanceof CharSequence || value == null) {
            return Json.MAPPER.getNodeFactory().textNode(String.valueOf(value));
        }
        return Json.MAPPER.valueToTree(value); // e.g. application/json given as a Map
    }
}
