package org.linrepro.repro.lra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.ReferenceFunction;
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
        m.put("lra.table", Experiment.of(TABLE, LraExperiments::table));
        m.put("lra.train", Experiment.of(LraTraining.TRAIN, LraTraining::run));
        m.put("lra.compare", Experiment.of(LraTraining.COMPARE, LraTraining::compare));
        m.put("lra.average", Experiment.of(LraTraining.AVERAGE, LraTraining::average));
        return m;
    }

    @Override
    public Map<String, ReferenceFunction> references() {
        Map<String, ReferenceFunction> m = new LinkedHashMap<>();
        m.put("lra.majorityShare", ReferenceFunction.of("lra.majorityShare", LraTasks.SPEC,
                "share of the most frequent label in the task's test split (the majority-class baseline)",
                (a, run) -> LraTasks.of(run).majority()));
        m.put("lra.chance", ReferenceFunction.of("lra.chance", ConfigSpec.of(
                        text("task", "LRA task").choices("listops", "pathfinder", "image", "text", "retrieval")),
                "chance accuracy 1/classes of the task", (a, run) -> 1.0 / LraTasks.classes(a.text("task"))));
        return m;
    }

    static final ConfigSpec TABLE = ConfigSpec.of(
            text("table", "results-table resource, e.g. lra/2011.04006-table1.tsv"),
            text("model", "row of the table"),
            text("check", "average: recomputed mean of the row's tasks; best: its lead over every other row in "
                    + "column; worst: how far it trails the worst other row"))
            .variants("check", Map.of(
                    "average", ConfigSpec.of(),
                    "best", ConfigSpec.of(text("column", "table column")),
                    "worst", ConfigSpec.of(text("column", "table column"))));

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
            default -> throw new IllegalStateException("check '" + check + "' passed the spec");
        };
    }
}
