package org.linrepro.repro.tracking;

import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.number;
import static org.linrepro.claim.ConfigKey.numbers;
import static org.linrepro.claim.ConfigKey.objects;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.ConfigSpec;

/** The typed configs of the state-tracking experiments. */
final class TrackingSpecs {
    private TrackingSpecs() {}

    /** Task, lengths and split sizes (lengths count every token including the answer, as the official code). */
    static final ConfigSpec DATA = ConfigSpec.of(
            text("task", "state-tracking task (TrackingTask.of)")
                    .choices("parity", "mod-arithmetic", "mod-arithmetic-brackets", "S2", "S3", "S4", "S5", "A4", "A5"),
            integer("trainMin", "shortest training sequence").unit("tokens"),
            integer("trainMax", "longest training sequence").unit("tokens"),
            integer("testMin", "shortest validation/test sequence").unit("tokens"),
            integer("testMax", "longest validation/test sequence").unit("tokens"),
            integer("train", "training sequences (a fixed set, cycled in seeded epochs)"),
            integer("valid", "validation sequences at the test lengths (best-checkpoint selection, as the official "
                    + "code); also the size of the in-distribution check at the training lengths"),
            integer("test", "test sequences at the test lengths"));

    /** The classifier and its optimisation. */
    static final ConfigSpec MODEL = ConfigSpec.of(
            integer("dim", "model width"),
            integer("heads", "heads of the mixer (diagonal: ignored)").byDefault(1),
            integer("layers", "mixer blocks"),
            integer("mlpRatio", "GELU MLP hidden width / dim per block (0 = no MLP)").byDefault(4),
            integer("chunk", "chunk size of the chunked delta-rule forms").byDefault(64),
            integer("steps", "AdamW steps"),
            integer("batch", "sequences per step"),
            number("lr", "peak learning rate"),
            number("weightDecay", "AdamW weight decay").byDefault(0.0),
            integer("warmup", "linear warm-up steps before the cosine decay").unit("steps")
                    .derived("max(1, steps / 10)", c -> Math.max(1, c.integer("steps") / 10)),
            number("clip", "gradient-norm clip").byDefault(1.0),
            integer("evalEvery", "validation every this many steps").unit("steps")
                    .derived("max(1, steps / 10)", c -> Math.max(1, c.integer("steps") / 10)),
            numbers("seeds", "master seeds of the runs (median over them); absent: the claim's seed").optional(),
            text("measure", "where the scaled accuracy is measured: test (the test lengths, the papers' metric) or "
                    + "train-lengths (fresh sequences at the training lengths)").choices("test", "train-lengths")
                    .byDefault("test"));

    /** Which recurrence: mixer, eigenvalue range, Householder factors per token. */
    static final ConfigSpec VARIANT = ConfigSpec.of(
            text("mixer", "recurrence: diagonal (2411.12537 Fig. 1), deltanet, deltaproduct")
                    .choices("diagonal", "deltanet", "deltaproduct"),
            text("eigenvalues", "range of the state-transition eigenvalues").choices("[0,1]", "[-1,1]")
                    .byDefault("[0,1]"),
            integer("householder", "Householder factors per token n_h (deltaproduct)").byDefault(1));

    /** {@code tracking.train}: one variant. */
    static final ConfigSpec TRAIN = DATA.with(MODEL).with(VARIANT);

    /** {@code tracking.compare}: two variants, same task, seeds and budget. */
    static final ConfigSpec COMPARE = DATA.with(MODEL).with(
            objects("variants", VARIANT, "two variants: the one expected to track state first, the baseline second"));
}
