package org.linrepro.claim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment measured: the value checked against the claim, the standard error of the measurement, extra
 * named numbers for the report, and figures. The reference it is checked against never comes from here: it is the
 * paper's number or the claim's {@link ReferenceCall}, evaluated by {@link ClaimRunner}.
 */
public record Measurement(double value, Double standardError, Map<String, Double> details,
        List<FigureData> figures, List<Long> seeds) {

    public static Builder of(double value) {
        return new Builder(value);
    }

    public static final class Builder {
        private final double value;
        private Double standardError;
        private final Map<String, Double> details = new LinkedHashMap<>();
        private final List<FigureData> figures = new ArrayList<>();
        private final List<Long> seeds = new ArrayList<>();

        private Builder(double value) {
            this.value = value;
        }

        public Builder standardError(double se) {
            this.standardError = se;
            return this;
        }

        public Builder detail(String name, double v) {
            details.put(name, v);
            return this;
        }

        public Builder figure(FigureData f) {
            figures.add(f);
            return this;
        }

        public Builder seed(long s) {
            seeds.add(s);
            return this;
        }

        public Measurement build() {
            return new Measurement(value, standardError, Map.copyOf(details), List.copyOf(figures),
                    List.copyOf(seeds));
        }
    }
}
