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
public final class HydraMethod extends TargetedMethod<HydraMethod.Options> {
    public static final List<String> DEFAULT_TARGETS = List.of("ffn-out");

    /** Hydra's choices and their defaults, read once for the count and the layers. */
    public record Options(int parallelRank, int sequentialRank, List<String> targets, double scale)
            implements Targeted {
        public static Options of(AdapterOptions o) {
            o.allowOnly("hydra", "parallelRank", "sequentialRank", "scale");
            int p = o.has("parallelRank") ? o.integer("parallelRank", 4) : o.rankOr(4);
            int s = o.has("sequentialRank") ? o.integer("sequentialRank", 8) : o.rankOr(8);
            return new Options(p, s, o.targetsOr(DEFAULT_TARGETS), o.number("scale", 1.0));
        }
    }

    public HydraMethod() {
        super("hydra",
                "parallel r_p(in+out) plus sequential r_s(out+out) low-rank branches per matrix (default FFN output, 4/8)",
                "extremebird/Hydra @b8f5a11 nlu (Hydra module, RobertaOutput placement, hydra_*.sh: par 4, seq 8)",
                Options::of);
    }

    @Override
    protected List<ParameterSpec> specs(LinearSite s, Options p) {
        List<ParameterSpec> both = new ArrayList<>(
                LoraMethod.shapes(s.name() + ".parallel", s.in(), s.out(), p.parallelRank()));
        both.addAll(LoraMethod.shapes(s.name() + ".sequential", s.out(), s.out(), p.sequentialRank()));
        return both;
    }

    @Override
    protected LinearMap layer(Dense d, Options p, Random rng) {
        return new HydraLinear(d, p.parallelRank(), p.sequentialRank(), p.scale(), rng);
    }
}
