package org.linrepro.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.linrepro.nn.mixer.DeltaProductMixer;
import org.linrepro.nn.mixer.GlaMixer;
import org.linrepro.nn.mixer.HedgehogMixer;
import org.linrepro.nn.mixer.Mamba2Mixer;
import org.linrepro.nn.mixer.MixerConfig;
import org.linrepro.nn.mixer.MixerForm;
import org.linrepro.nn.mixer.MomMixer;
import org.linrepro.nn.mixer.PerformerMixer;
import org.linrepro.nn.mixer.S4DMixer;
import org.linrepro.nn.mixer.S4Mixer;
import org.linrepro.nn.mixer.TransNormerMixer;

/**
 * A deliberately generous estimate of the peak memory of one fp32 forward + backward of a mixer in its
 * config's form, so the benchmark can refuse a (mixer, length) that would not fit before allocating
 * anything. From the shapes the ops build (forward tensors plus what autograd keeps, rounded up):
 *
 * <pre>
 *   activations   64 · B·L·dim                          projections, heads, norms and their gradients
 *   PARALLEL      12 · B·H·L²  (· d_k per key channel)   scores, masks, exp, softmax/decay and gradients
 *   CHUNKED       12 · B·H·L·C (· d_k per key channel)   the same per block, plus
 *                  6 · B·H·(L/C + 1)·d_k·d_v             the carried states (stacked for the backward)
 *   RECURRENT      6 · B·H·L·d_k·d_v                     one saved state per step
 * </pre>
 *
 * in 4-byte floats, with H, d_k, d_v and the effective length per mixer (state-space layers: one "head"
 * per channel with d_k = N, d_v = 1; DeltaProduct: L·n_h sub-steps; MoM: (M + 1)·H memories), plus
 * {@link #ENGINE_OVERHEAD} for the engine's first-call workspace. Checked against the growth of peak
 * resident memory in a fresh process, fwd+bwd at dim 128, 1 head, batch 1 (2026-12-03): softmax L = 8192
 * 2312 MB measured vs 3746 MB estimated, gla 1601 vs 2160, deltanet 394 vs 600; at L = 1024 softmax 172
 * vs 340 (a generous bound, not a prediction: it only has to refuse what cannot fit).
 */
public final class MixerMemoryEstimate {

    private MixerMemoryEstimate() {}

    /** Bytes the engine takes on the first fwd+bwd whatever the size (≈ 150–250 MB measured). */
    public static final double ENGINE_OVERHEAD = 256e6;

    /** Estimated peak bytes of one fwd+bwd of a mixer with config {@code c} on [batch, length, dim]. */
    public static double bytes(MixerConfig c, long batch, long length) {
        double b = batch;
        double len = length;
        double h = c.heads();
        double dk = (double) c.dim() / c.heads();
        double dv = dk;
        double channelDecay = 1;
        double chunk = Math.min(c.chunkSize(), length);
        if (c instanceof GlaMixer.Config g) {
            dk = (double) g.keyDim() / g.heads();
            channelDecay = dk;
        } else if (c instanceof DeltaProductMixer.Config p) {
            len *= p.householders();
            chunk = Math.min(chunk * p.householders(), len);
        } else if (c instanceof MomMixer.Config m) {
            h *= m.memories() + 1;
        } else if (c instanceof Mamba2Mixer.Config m) {
            dk = m.stateSize();
        } else if (c instanceof PerformerMixer.Config p) {
            dk = p.features();
        } else if (c instanceof HedgehogMixer.Config hh) {
            dk = 2.0 * hh.featureDim();
        } else if (c instanceof TransNormerMixer.Config t && t.attention() == TransNormerMixer.Attention.DIAG) {
            chunk = Math.min(t.blockSize(), length); // block-diagonal softmax: blocks of blockSize in every form
            return ENGINE_OVERHEAD + 4 * (64 * b * length * c.dim() + 12 * b * h * length * chunk);
        } else if (c instanceof S4Mixer.Config s) {
            h = c.dim();
            dk = s.stateSize();
            dv = 1;
        } else if (c instanceof S4DMixer.Config s) {
            h = c.dim();
            dk = s.stateSize();
            dv = 1;
        }
        double floats = 64 * b * length * c.dim();
        MixerForm form = c.form();
        if (form == MixerForm.PARALLEL) {
            floats += 12 * b * h * len * len * channelDecay;
        } else if (form == MixerForm.CHUNKED) {
            floats += 12 * b * h * len * chunk * channelDecay + 6 * b * h * (len / chunk + 1) * dk * dv;
        } else {
            floats += 6 * b * h * len * dk * dv;
        }
        return ENGINE_OVERHEAD + 4 * floats;
    }

    /**
     * Memory this process may still use, in bytes: MemAvailable of /proc/meminfo (Linux), else the JVM's
     * view of free physical memory; NaN when neither is known.
     */
    public static double availableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemAvailable:")) {
                    return Double.parseDouble(line.substring(13).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getFreeMemorySize();
        }
        return Double.NaN;
    }
}
