package org.linrepro.nn;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;
import org.linrepro.nn.mixer.DeltaNetMixer;
import org.linrepro.nn.mixer.DeltaProductMixer;
import org.linrepro.nn.mixer.GatedDeltaNetMixer;
import org.linrepro.nn.mixer.MixerForm;
import org.linrepro.nn.mixer.MomMixer;
import org.linrepro.nn.mixer.TransNormerMixer;
import org.linrepro.nn.mixer.S4DMixer;
import org.linrepro.nn.mixer.S4Mixer;

/** Non-default configurations that the form-equivalence tests also cover. */
final class TestVariants {

    private TestVariants() {}

    static List<Arguments> extra(int dim, int heads) {
        List<Arguments> out = new ArrayList<>();
        for (boolean causal : new boolean[] {true, false}) {
            out.add(Arguments.of(
                    "transnormer DiagAttention " + (causal ? "causal" : "bidirectional"),
                    "transnormer",
                    new TransNormerMixer.Config(dim, heads, causal, 4, MixerForm.CHUNKED, TransNormerMixer.Attention.DIAG, 5, 1e-6)));
        }
        out.add(Arguments.of("s4d S4D-Lin causal", "s4d",
                new S4DMixer.Config(dim, heads, true, 4, MixerForm.CHUNKED, 8, S4DMixer.Init.LIN, 1e-2, 1e-1)));
        out.add(Arguments.of("s4 fixed A bidirectional", "s4",
                new S4Mixer.Config(dim, heads, false, 4, MixerForm.CHUNKED, 6, 1e-2, 1e-1, false)));
        out.add(Arguments.of("deltanet negative eigenvalues causal", "deltanet",
                DeltaNetMixer.Config.defaults(dim, heads, true).withNegativeEigenvalues(true)));
        out.add(Arguments.of("deltaproduct n_h=3 beta in (0,1) causal", "deltaproduct",
                DeltaProductMixer.Config.defaults(dim, heads, true).withHouseholders(3).withNegativeEigenvalues(false)));
        out.add(Arguments.of("gated-deltanet negative eigenvalues causal", "gated-deltanet",
                GatedDeltaNetMixer.Config.defaults(dim, heads, true).withNegativeEigenvalues(true)));
        out.add(Arguments.of("mom delta-rule memories causal", "mom",
                MomMixer.Config.defaults(dim, heads, true).withRule(MomMixer.Rule.DELTA)));
        return out;
    }
}
