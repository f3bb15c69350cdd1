package org.linrepro.kernel.renderers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.linrepro.kernel.Renderer;

/** XChart charts as a PNG image. */
public final class XChartRenderer implements Renderer {

    @Override
    public Class<?> type() {
        return Chart.class;
    }

    @Override
    public Map<String, Object> render(Object value) throws Exception {
        Chart<?, ?> chart = (Chart<?, ?>) value;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("image/png", BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " \"" + chart.getTitle() + "\"";
        out.put("text/plain", chart.getClass().getSimpleName() + title + " (" + chart.getWidth() + "x"
                + chart.getHeight() + ")");
        return out;
    }
}
