package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hydra (Kim et al., arXiv 2309.06922; extremebird/Hydra nlu/src/transformers/models/adapter.py, roberta
 * RobertaOutput): a parallel low-rank branch on the input (B_p A_p x, rank r_p) and a sequential low-rank branch
 * on the frozen layer's output (B_s A_s (W x + b), rank r_s), no biases. Default: the official GLUE setting, the FFN
 * output map with r_p = 4 (hydra_par_r) and r_s = 8 (hydra_seq_r), scale 1. {@code --rank} sets both; options
 * {@code parallelRank}, {@code sequentialRank} set each.
 */
public final class HydraMethod implements AdapterMethod {
    public static final List<String> DEFAULT_TARGETS = List.of("ffn-out");

    /** Hydra's choices and their defaults, read once for the count and the layers. */
    public record Options(int parallelRank, int sequentialRank, List<String> targets, double scale) {
        public static Options of(AdapterOptions o) {
            o.allowOnly("hydra", "parallelRank", "sequentialRank", "scale");
            int p = o.has("parallelRank") ? o.integer("parallelRank", 4) : o.rankOr(4);
            int s = o.has("sequentialRank") ? o.integer("sequentialRank", 8) : o.rankOr(8);
            return new Options(p, s, o.targetsOr(DEFAULT_TARGETS), o.number("scale", 1.0));
        }
    }

    @Override
    public String id() {
        return "hydra";
    }

    @Override
    public String summary() {
        return "parallel r_p(in+out) plus sequential r_s(out+out) low-rank branches per matrix (default FFN output, 4/8)";
    }

    @Override
    public String source() {
        return "extremebird/Hydra @b8f5a11 nlu (Hydra module, RobertaOutput placement, hydra_*.sh: par 4, seq 8)";
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        Options p = Options.of(o);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, p.targets())) {
            out.addAll(LoraMethod.shapes(s.name() + ".parallel", s.in(), s.out(), p.parallelRank()));
            out.addAll(LoraMethod.shapes(s.name() + ".sequential", s.out(), s.out(), p.sequentialRank()));
        }
        return out;
    }

    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        Options p = Options.of(o);
        enc.wrap(id(), enc.sites(p.targets()),
                d -> new HydraLinear(d, p.parallelRank(), p.sequentialRank(), p.scale(), rng));
    }
}
