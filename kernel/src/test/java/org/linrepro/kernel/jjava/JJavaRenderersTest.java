package org.linrepro.kernel.jjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** What stock JJava shows once the extension is installed: its own Renderer, as JJava's display and Out[n] use it. */
class JJavaRenderersTest {

    @Test
    void isAJJavaExtensionFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(Extension.class).stream().anyMatch(p -> p.type() == JJavaRenderers.class));
    }

    @Test
    void tablesChartsAndPlainValuesRenderUnderJJava() {
        Renderer jjava = new Renderer();
        JJavaRenderers.register(jjava, getClass().getClassLoader());

        Table t = Table.create("measured vs reported", StringColumn.create("claim", "a"), DoubleColumn.create("x", 1.5));
        DisplayData table = jjava.render(t);
        assertTrue(String.valueOf(table.getData(MIMEType.TEXT_HTML)).contains("<th>claim</th>"), table.toString());

        XYChart chart = new XYChartBuilder().width(200).height(150).build();
        chart.addSeries("s", new double[] {1, 2}, new double[] {1, 4});
        DisplayData png = jjava.render(chart);
        String base64 = String.valueOf(png.getData(MIMEType.parse("image/png")));
        assertTrue(base64.startsWith("iVBOR"), "a PNG, not XYChart@...: " + base64.substring(0, Math.min(40, base64.length())));

        DisplayData list = jjava.render(List.of("not", "verdicts"));
        assertFalse(list.hasDataForType(MIMEType.TEXT_HTML), "other lists keep JJava's own text");
        assertEquals("[not, verdicts]", String.valueOf(list.getData(MIMEType.TEXT_PLAIN)));
    }
}
