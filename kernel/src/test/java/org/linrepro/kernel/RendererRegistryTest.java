package org.linrepro.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RendererRegistryTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static RendererRegistry discovered() {
        return new RendererRegistry().discover(RendererRegistryTest.class.getClassLoader());
    }

    @Test
    void builtInRenderersAreDiscoveredAndDefinedBesideTheNotebookClasses() {
        RendererRegistry r = discovered();
        List<String> names = r.renderers().stream().map(x -> x.getClass().getSimpleName()).toList();
        assertTrue(names.containsAll(List.of("TablesawTableRenderer", "XChartRenderer", "NDArrayRenderer",
                "ImageRenderer")), names.toString());
        Renderer table = r.renderers().stream()
                .filter(x -> x.getClass().getSimpleName().equals("TablesawTableRenderer")).findFirst().orElseThrow();
        assertNotEquals(RendererRegistryTest.class.getClassLoader(), table.getClass().getClassLoader());
        assertEquals(tech.tablesaw.table.Relation.class, table.type());
        assertTrue(r.skipped().isEmpty(), r.skipped().toString());
    }

    @Test
    void tablesRenderAsHtmlAndText() {
        Table t = Table.create("results",
                StringColumn.create("model", "a<b", "c"),
                DoubleColumn.create("loss", 0.5, 0.25));
        Map<String, Object> bundle = discovered().render(t);
        String html = (String) bundle.get("text/html");
        assertTrue(html.startsWith("<div class=\"linrepro-table\">") && html.contains("<table>"), html);
        assertFalse(html.contains("<caption"), "the title is a line above the table, not a caption as narrow as it");
        assertTrue(html.contains("<th>model</th>"), html);
        assertTrue(html.contains("<td>a&lt;b</td>"), html);
        assertTrue(html.contains("<b>results</b> &middot; 2 rows &times; 2 columns"), html);
        assertTrue(html.contains("text-align: right\">0.25</td>"), html);
        assertTrue(bundle.get("text/plain").toString().contains("loss"), bundle.toString());
    }

    @Test
    void longTablesAreCut() {
        double[] xs = new double[500];
        Arrays.setAll(xs, i -> i);
        String html = (String) discovered().render(Table.create("big", DoubleColumn.create("x", xs))).get("text/html");
        assertTrue(html.contains("450 more rows"), html.substring(0, 200));
        assertTrue(html.length() < 10_000);
    }

    @Test
    void chartsRenderAsPng() {
        XYChart chart = new XYChartBuilder().width(300).height(200).title("line").build();
        chart.addSeries("y", new double[] {0, 1, 2}, new double[] {0, 1, 4});
        Map<String, Object> bundle = discovered().render(chart);
        byte[] png = Base64.getDecoder().decode((String) bundle.get("image/png"));
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
        assertEquals("XYChart \"line\" (300x200)", bundle.get("text/plain"));
    }

    @Test
    void imagesRenderAsPngAndOtherValuesAsText() {
        RendererRegistry r = discovered();
        byte[] png = Base64.getDecoder().decode((String) r.render(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB))
                .get("image/png"));
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
        assertEquals(Map.of("text/plain", "[1, 2, 3]"), r.render(new int[] {1, 2, 3}));
        assertEquals(Map.of("text/plain", "plain"), r.render("plain"));
    }

    @Test
    void mostSpecificRendererWinsThenPriority() {
        RendererRegistry r = new RendererRegistry();
        r.register(CharSequence.class, s -> Map.of("text/html", "<i>seq</i>"));
        r.register(String.class, s -> Map.of("text/html", "<b>" + s + "</b>"));
        assertEquals("<b>x</b>", r.render("x").get("text/html"));
        assertEquals("<i>seq</i>", r.render(new StringBuilder("x")).get("text/html"));
        r.register(new Renderer() {
            @Override
            public Class<?> type() {
                return String.class;
            }

            @Override
            public int priority() {
                return 10;
            }

            @Override
            public Map<String, Object> render(Object value) {
                return Map.of("text/markdown", "**" + value + "**");
            }
        });
        assertEquals("**x**", r.render("x").get("text/markdown"));
    }

    @Test
    void narrowRenderersOfGeneralTypesAndRequestedTypes() {
        RendererRegistry r = new RendererRegistry();
        r.register(new Renderer() {
            @Override
            public Class<?> type() {
                return List.class;
            }

            @Override
            public boolean accepts(Object value) {
                return value instanceof List && !((List<?>) value).isEmpty()
                        && ((List<?>) value).stream().allMatch(e -> e instanceof Integer);
            }

            @Override
            public Map<String, Object> render(Object value) {
                return Map.of("text/html", "<ol>ints</ol>");
            }
        });
        assertEquals("<ol>ints</ol>", r.render(List.of(1, 2)).get("text/html"));
        assertFalse(r.render(List.of("a")).containsKey("text/html"));
        Map<String, Object> only = r.render(List.of(1, 2), "text/plain");
        assertEquals(Map.of("text/plain", "[1, 2]"), only);
        assertEquals("<p>hi</p>", r.render("<p>hi</p>", "text/html").get("text/html"));
    }

    @Test
    void aFailingRendererFallsBackToText() {
        RendererRegistry r = new RendererRegistry();
        r.register(Integer.class, i -> {
            throw new IllegalStateException("broken");
        });
        Map<String, Object> bundle = r.render(7);
        assertEquals(1, bundle.size());
        assertTrue(bundle.get("text/plain").toString().startsWith("7\n(renderer"), bundle.toString());
    }
}
