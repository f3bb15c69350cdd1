package org.linrepro.repro.glue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.nn.adapters.Dense;
import org.linrepro.nn.adapters.LoraLinear;
import org.linrepro.nn.adapters.Role;
import org.linrepro.nn.adapters.Svd;
import org.linrepro.nn.bert.BertConfig;
import org.linrepro.nn.bert.BertEncoder;
import org.linrepro.nn.bert.BertTokenizer;
import org.linrepro.nn.bert.EncoderExactness;
import org.linrepro.nn.bert.MiniLm;
import org.linrepro.nn.bert.OnnxReference;
import org.linrepro.nn.bert.Tokenized;
import org.linrepro.util.LinreproException;

/** Exact checks on the real pretrained encoder: the load itself, and PiSSA's initialisation. */
final class EncoderExperiments {
    private EncoderExperiments() {}

    static final ConfigSpec EXACTNESS = ConfigSpec.of(
            integer("maxLength", "tokenizer truncation length").unit("tokens").byDefault(128));

    static final ConfigSpec PISSA = ConfigSpec.of(
            integer("layer", "MiniLM layer (0 … 5)").byDefault(0),
            text("role", "which linear map of the layer (Role id)").byDefault("query"),
            integer("rank", "PiSSA rank r (1 … min(in, out))"),
            text("measure", "max |W − (W_res + BA)| or ‖W_res‖²/Σ_{i>r} s_i² − 1").choices("reconstruction",
                    "residualEnergy"));

    /** {@code glue.encoderExactness}: max |ours − ONNX Runtime| over the hidden states of real sentences. */
    static Measurement exactness(RunContext ctx) {
        int maxLength = ctx.config().integer("maxLength");
        try (NDManager m = NDManager.newBaseManager(ctx.device());
                BertEncoder enc = new BertEncoder(m, BertConfig.miniLmL6(), GlueFineTune.miniLmWeights());
                BertTokenizer tok = BertTokenizer.miniLm(maxLength);
                OnnxReference ref = new OnnxReference(MiniLm.onnxBytes())) {
            Tokenized single = tok.encode(EncoderExactness.SENTENCES, null);
            Tokenized pairs = tok.encode(EncoderExactness.SENTENCES.subList(0, 2),
                    EncoderExactness.SENTENCES.subList(2, 4));
            EncoderExactness.Result a = EncoderExactness.compare(m, enc, ref, single);
            EncoderExactness.Result b = EncoderExactness.compare(m, enc, ref, pairs);
            return Measurement.of(Math.max(a.maxAbsDiff(), b.maxAbsDiff()))
                    .detail("tokensCompared", a.tokens() + b.tokens())
                    .detail("maxAbsHiddenValue", Math.max(a.maxAbsValue(), b.maxAbsValue())).build();
        }
    }

    /**
     * {@code glue.pissaInit}: PiSSA on one pretrained matrix (config layer, role, rank). measure
     * {@code reconstruction}: max |W − (W_res + B A)|; {@code residualEnergy}: ‖W_res‖_F² / Σ_{i>r} s_i² − 1.
     */
    static Measurement pissaInit(RunContext ctx) {
        Config c = ctx.config();
        int layer = c.integer("layer");
        int rank = c.integer("rank");
        c.check(layer >= 0 && layer < 6, "layer", "must be 0–5 (MiniLM has 6 layers)");
        Role role = Role.byId(c.text("role"));
        if (role == null) {
            throw new LinreproException(ctx.claim().id() + ": config field 'role' must be a role id");
        }
        String measure = c.text("measure");
        try (NDManager m = NDManager.newBaseManager(ctx.device());
                BertEncoder enc = new BertEncoder(m, BertConfig.miniLmL6(), GlueFineTune.miniLmWeights())) {
            Dense d = (Dense) enc.linear(layer, role);
            c.check(rank >= 1 && rank <= Math.min(d.in(), d.out()), "rank", "must be between 1 and min(in, out)");
            double[] w = d.weight().toType(DataType.FLOAT64, false).toDoubleArray();
            Svd svd = Svd.of(w, d.out(), d.in());
            LoraLinear p = LoraLinear.pissa(d, rank);
            double[] rebuilt;
            double[] residual;
            try (NDArray res = p.base().weight().toType(DataType.FLOAT64, false);
                    NDArray sum = res.add(p.deltaWeight().toType(DataType.FLOAT64, false))) {
                rebuilt = sum.toDoubleArray();
                residual = res.toDoubleArray();
            }
            double maxDiff = 0;
            double energy = 0;
            for (int i = 0; i < w.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(rebuilt[i] - w[i]));
                energy += residual[i] * residual[i];
            }
            double tail = 0;
            for (int i = rank; i < svd.s().length; i++) {
                tail += svd.s()[i] * svd.s()[i];
            }
            double value = switch (measure) {
                case "reconstruction" -> maxDiff;
                case "residualEnergy" -> energy / tail - 1;
                default -> throw new LinreproException(ctx.claim().id()
                        + ": config field 'measure' must be reconstruction or residualEnergy");
            };
            return Measurement.of(value).detail("maxAbsReconstruction", maxDiff).detail("residualEnergy", energy)
                    .detail("tailSingularEnergy", tail).detail("topSingularValue", svd.s()[0])
                    .detail("rankSingularValue", svd.s()[rank - 1]).build();
        }
    }

}
