package org.linrepro.repro.glue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.claim.Experiment;
import org.linrepro.claim.ExperimentProvider;

/**
 * The low-rank adapter line: exact trainable-parameter counts on the papers' architectures, the pretrained
 * MiniLM encoder load, and fine-tuning relations on GLUE.
 */
public final class GlueExperiments implements ExperimentProvider {

    @Override
    public String line() {
        return "glue";
    }

    @Override
    public List<String> claimFiles() {
        return List.of("claims/glue/2106.09685.json", "claims/glue/2404.02948.json", "claims/glue/2310.02556.json",
                "claims/glue/2106.04647.json", "claims/glue/2210.08823.json", "claims/glue/2411.19557.json",
                "claims/glue/2409.15371.json", "claims/glue/2307.11342.json",
                "claims/glue/2309.06922.json");
    }

    @Override
    public Map<String, Experiment> experiments() {
        Map<String, Experiment> m = new LinkedHashMap<>();
        m.put("glue.parameterCount", Experiment.of(ParameterCounts.SPEC, ParameterCounts::count));
        m.put("glue.compareMethods", Experiment.of(FineTuneExperiments.COMPARE, FineTuneExperiments::compare));
        m.put("glue.fineTune", Experiment.of(FineTuneExperiments.SINGLE, FineTuneExperiments::single));
        m.put("glue.encoderExactness", Experiment.of(EncoderExperiments.EXACTNESS, EncoderExperiments::exactness));
        m.put("glue.pissaInit", Experiment.of(EncoderExperiments.PISSA, EncoderExperiments::pissaInit));
        return m;
    }
}
