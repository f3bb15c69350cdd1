package org.linrepro.kernel;

import java.util.Map;

/**
 * A value already rendered: MIME types to their data, shown as it is (what {@code render(x)} returns, so it can be a
 * cell's value or go to {@code display} later, as JJava's {@code DisplayData}).
 */
public record MimeBundle(Map<String, Object> data) {
    public MimeBundle {
        data = Map.copyOf(data);
    }

    @Override
    public String toString() {
        return String.valueOf(data.get(RendererRegistry.TEXT_PLAIN));
    }
}
