package org.linrepro.repro.lra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.claim.Config;
import org.linrepro.claim.Experiment;
import org.linrepro.claim.ExperimentProvider;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.util.LinreproException;

/**
 * The Long Range Arena line (Tay et al., arXiv 2011.04006): the arithmetic and orderings of Table 1 (unit tier),
 * and small encoder classifiers trained on reduced LRA tasks (quick tier, {@link LraTraining}).
 */
public final class LraExperiments implements ExperimentProvider {

    @Override
    public String line() {
        return "lra";
    }

    @Override
    public List<String> claimFiles() {
        return List.of("claims/lra/2011.04006.json", "claims/lra/2111.00396.json",
                "claims/lra/2202.06258.json");
    }

    @Override
    public Map<String, Experiment> experiments() {
        Map<String, Experiment> m = new LinkedHashMap<>();
        m.put("lra.table", LraExperiments::table);
        m.put("lra.train", LraTraining::run);
        m.put("lra.compare", LraTraining::compare);
        m.put("lra.average", LraTraining::average);
        return m;
    }

    /**
     * Checks on a results table resource ({@code table}): {@code check} = {@code average} (recomputed mean of the
     * five averaged tasks of {@code model}), {@code best} (lead of {@code model} over every other row in
     * {@code column}) or {@code worst} (how far {@code model} trails the worst other row).
     */
    static Measurement table(RunContext ctx) {
        Config c = ctx.config();
        LraTable t = LraTable.load(c.text("table"));
        String model = c.text("model");
        String check = c.text("check");
        return switch (check) {
            case "average" -> Measurement.of(t.recomputedAverage(model)).detail("printedAverage", t.score(model, "avg"))
                    .build();
            case "best" -> Measurement.of(t.leadOverOthers(model, c.text("column"))).build();
            case "worst" -> Measurement.of(t.deficitToOthers(model, c.text("column"))).build();
            default -> throw new LinreproException(ctx.claim().id()
                    + ": config field 'check' must be average, best or worst, got '" + check + "'");
        };
    }
}
