package org.linrepro.repro.tracking;

import org.linrepro.claim.Config;
import org.linrepro.nn.mixer.DeltaNetMixer;
import org.linrepro.nn.mixer.DeltaProductMixer;
import org.linrepro.nn.mixer.MixerForm;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.nn.mixer.TokenMixer;
import org.linrepro.nn.tracking.DiagonalRecurrenceMixer;
import org.linrepro.util.LinreproException;

/**
 * Which recurrence a run trains: a mixer id ({@code diagonal}, or a {@link MixerRegistry} id such as
 * {@code deltanet}), the eigenvalue range of its state matrices ({@code [0,1]} or {@code [-1,1]}) and, for
 * DeltaProduct, the number of Householder factors per token.
 */
record Variant(String mixer, boolean negative, int householder) {

    /** Short label for tables and figure legends, e.g. {@code deltanet [-1,1]}. */
    String label() {
        return mixer + (householder > 1 ? " n_h=" + householder : "") + (negative ? " [-1,1]" : " [0,1]");
    }

    /** From a config with the keys of {@link TrackingSpecs#VARIANT}. */
    static Variant of(Config c) {
        int nh = c.integer("householder");
        c.check(nh >= 1, "householder", "must be ≥ 1");
        return new Variant(c.text("mixer"), c.text("eigenvalues").equals("[-1,1]"), nh);
    }

    /** The mixer of one layer. */
    TokenMixer create(int dim, int heads, int chunk) {
        return switch (mixer) {
            case "diagonal" -> {
                require(householder == 1, "the diagonal recurrence has no Householder factors");
                yield new DiagonalRecurrenceMixer(new DiagonalRecurrenceMixer.Config(dim, negative));
            }
            case "deltanet" -> {
                require(householder == 1, "deltanet takes one Householder factor per token; use deltaproduct");
                yield MixerRegistry.create("deltanet", new DeltaNetMixer.Config(dim, heads, true, chunk,
                        MixerForm.CHUNKED, negative));
            }
            case "deltaproduct" -> MixerRegistry.create("deltaproduct", new DeltaProductMixer.Config(dim, heads, true,
                    chunk, MixerForm.CHUNKED, householder, negative));
            default -> throw new LinreproException("tracking: mixer '" + mixer + "' is not a state-tracking variant; "
                    + "known: diagonal, deltanet, deltaproduct");
        };
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new LinreproException("tracking: " + message);
        }
    }
}
