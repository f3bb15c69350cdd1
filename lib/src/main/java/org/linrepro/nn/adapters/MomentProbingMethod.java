package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.linrepro.util.LinreproException;

/**
 * Moment Probing (Gao et al., arXiv 2307.11342; mingzeG/Moment-Probing models/representation/MP.py): the backbone
 * is frozen and a probing head classifies from the first moment (the [CLS]/pooled feature, classifier1) and from
 * second moments: tokens are projected d → hidden (512), split into {@code heads} (4) groups, the cross-covariances
 * of neighbouring groups (after a shared LayerNorm) pass two 3×3 stride-2 convolutions (no bias) and feed
 * classifier2. {@code moment-probing+} (MP+) adds a PSRP module per block (down d → 16, two ups 16 → d) that
 * scales and shifts the FFN output. The backbone part ({@link #trainable}) is proj, LayerNorm, convolutions (and
 * PSRP); the two classifiers are this method's {@link #head}.
 */
public final class MomentProbingMethod implements AdapterMethod {
    static final int PSRP_REDUCTION = 16;
    private final boolean plus;

    public MomentProbingMethod(boolean plus) {
        this.plus = plus;
    }

    @Override
    public String id() {
        return plus ? "moment-probing+" : "moment-probing";
    }

    @Override
    public String summary() {
        return "probing head on first and second moments (proj, group cross-covariances, convs, 2 classifiers)"
                + (plus ? " + PSRP per block" : "");
    }

    @Override
    public String source() {
        return "mingzeG/Moment-Probing @0ddc040 models/representation/MP.py (Moment_Probing_ViT), PSRP.py";
    }

    /** Width of one group's covariance after the two 3×3 stride-2 convolutions. */
    static int convOut(int width) {
        int m1 = (width - 3) / 2 + 1;
        return (m1 - 3) / 2 + 1;
    }

    /** Options: hidden (projection width, 512), heads (groups, 4). */
    record Shape(int hidden, int heads, int groupWidth, int pairs, int features) {}

    static Shape shape(AdapterOptions o) {
        int hidden = o.integer("hidden", 512);
        int heads = o.integer("heads", 4);
        if (heads < 2 || hidden % heads != 0 || hidden / heads < 7) {
            throw new LinreproException("moment-probing: heads (≥ 2) must divide hidden with groups of width ≥ 7, "
                    + "got hidden " + hidden + ", heads " + heads);
        }
        int w = hidden / heads;
        int c = convOut(w);
        return new Shape(hidden, heads, w, heads - 1, (heads - 1) * c * c);
    }

    /** The options, checked as for the count and the layers. */
    private Shape options(AdapterOptions o) {
        o.allowOnly(id(), "hidden", "heads");
        if (o.rank() > 0 || !o.targets().isEmpty()) {
            throw new LinreproException(id() + " is a probing head: no --rank or --targets (options: hidden, heads)");
        }
        return shape(o);
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        Shape s = options(o);
        List<ParameterSpec> out = new ArrayList<>();
        out.add(new ParameterSpec("mp.proj.weight", s.hidden(), a.hidden()));
        out.add(new ParameterSpec("mp.proj.bias", s.hidden()));
        out.add(new ParameterSpec("mp.ln.weight", s.groupWidth()));
        out.add(new ParameterSpec("mp.ln.bias", s.groupWidth()));
        out.add(new ParameterSpec("mp.conv1.weight", s.pairs(), s.pairs(), 3, 3));
        out.add(new ParameterSpec("mp.conv2.weight", s.pairs(), s.pairs(), 3, 3));
        if (plus) {
            for (int i = 0; i < a.layers(); i++) {
                String p = "layer." + i + ".psrp.";
                out.add(new ParameterSpec(p + "down", PSRP_REDUCTION, a.hidden()));
                out.add(new ParameterSpec(p + "up_weight", a.hidden(), PSRP_REDUCTION));
                out.add(new ParameterSpec(p + "up_bias", a.hidden(), PSRP_REDUCTION));
            }
        }
        return out;
    }

    /**
     * MP+'s encoder side: a PSRP per block (the head, {@code MomentProbingHead}, is built by the caller). Plain
     * Moment Probing has nothing to install: the encoder stays frozen (install {@code linear-probe}).
     */
    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        if (!plus) {
            throw new LinreproException(id() + " is a probing head, not an encoder adapter: install linear-probe "
                    + "(encoder frozen) and use MomentProbingHead as the classifier");
        }
        options(o);
        for (int i = 0; i < enc.shape().layers(); i++) {
            enc.setFfnModulation(i, new Psrp(enc.manager(), enc.shape().hidden(), rng));
        }
    }

    @Override
    public boolean adaptsEncoder() {
        return plus;
    }

    /** classifier1 on the first moment (d → C) and classifier2 on the flattened second moments. */
    @Override
    public List<ParameterSpec> head(Architecture a, AdapterOptions o, int labels) {
        Shape s = shape(o);
        return List.of(new ParameterSpec("mp.classifier1.weight", labels, a.hidden()),
                new ParameterSpec("mp.classifier1.bias", labels),
                new ParameterSpec("mp.classifier2.weight", labels, s.features()),
                new ParameterSpec("mp.classifier2.bias", labels));
    }
}
