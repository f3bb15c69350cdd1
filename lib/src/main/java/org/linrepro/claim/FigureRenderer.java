package org.linrepro.claim;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.linrepro.util.AtomicFiles;

/** Turns {@link FigureData} into an XChart chart and a PNG. */
public final class FigureRenderer {
    private FigureRenderer() {}

    public static XYChart chart(FigureData f) {
        XYChart chart = new XYChartBuilder().width(760).height(520).title(f.title()).xAxisTitle(f.xLabel())
                .yAxisTitle(f.yLabel()).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLogarithmic(f.logX());
        chart.getStyler().setYAxisLogarithmic(f.logY());
        chart.getStyler().setMarkerSize(8);
        for (FigureData.Series s : f.series()) {
            XYSeries xy = chart.addSeries(s.name(), s.x(), s.y());
            switch (s.style()) {
                case LINE -> xy.setMarker(SeriesMarkers.NONE);
                case MARKERS -> xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                case LINE_MARKERS -> { }
            }
        }
        return chart;
    }

    /** Writes {@code dir/<name>.png} atomically and returns its path. */
    public static Path writePng(FigureData f, Path dir) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart(f), BitmapEncoder.BitmapFormat.PNG);
        Path out = dir.resolve(f.name() + ".png");
        AtomicFiles.write(out, png);
        return out;
    }
}
