package org.linrepro.claim;

import java.util.ArrayList;
import java.util.List;

/**
 * A figure as data (so a report can be rebuilt from the ledger): title, axes and series. Rendered to PNG by
 * {@link FigureRenderer}.
 *
 * @param name file stem of the PNG, unique within a report (e.g. {@code mahankali-loss-vs-step})
 */
public record FigureData(String name, String title, String xLabel, String yLabel, boolean logX, boolean logY,
        List<Series> series) {

    public enum Style { LINE, MARKERS, LINE_MARKERS }

    public record Series(String name, double[] x, double[] y, Style style) {}

    public static Builder builder(String name, String title) {
        return new Builder(name, title);
    }

    public static final class Builder {
        private final String name;
        private final String title;
        private String xLabel = "x";
        private String yLabel = "y";
        private boolean logX;
        private boolean logY;
        private final List<Series> series = new ArrayList<>();

        private Builder(String name, String title) {
            this.name = name;
            this.title = title;
        }

        public Builder axes(String x, String y) {
            this.xLabel = x;
            this.yLabel = y;
            return this;
        }

        public Builder logX() {
            this.logX = true;
            return this;
        }

        public Builder logY() {
            this.logY = true;
            return this;
        }

        public Builder series(String seriesName, double[] x, double[] y, Style style) {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + seriesName + ": x and y differ in length");
            }
            series.add(new Series(seriesName, x.clone(), y.clone(), style));
            return this;
        }

        public FigureData build() {
            return new FigureData(name, title, xLabel, yLabel, logX, logY, List.copyOf(series));
        }
    }
}
