package org.linrepro.repro.glue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.linrepro.data.MissingInputException;
import org.linrepro.nn.bert.BertConfig;
import org.linrepro.nn.bert.BertTokenizer;
import org.linrepro.nn.bert.BertWeights;
import org.linrepro.nn.bert.ClassifierHead;
import org.linrepro.nn.bert.HfCheckpoint;
import org.linrepro.nn.bert.MiniLm;
import org.linrepro.util.LinreproException;

/**
 * The pretrained encoder a fine-tuning run starts from: {@code minilm-l6} (all-MiniLM-L6-v2, bundled as a Maven
 * artifact; mean pooling, as it was trained) or {@code roberta-base} (a local Hugging Face checkpoint directory
 * named by {@value #ROBERTA_ENV}: config.json, model.safetensors and tokenizer.json with RoBERTa's byte-level BPE;
 * first-token pooling, as RobertaClassificationHead). Weights are read once per JVM.
 */
record Backbone(String name, BertConfig config, BertWeights weights, Path tokenizerDir, ClassifierHead.Pooling pooling) {
    static final String ROBERTA_ENV = "LINREPRO_ROBERTA_BASE";

    private static Backbone miniLm;
    private static Backbone roberta;

    static synchronized Backbone byName(String name) {
        switch (name) {
            case "minilm-l6" -> {
                if (miniLm == null) {
                    miniLm = new Backbone(name, BertConfig.miniLmL6(), MiniLm.weights(), null,
                            ClassifierHead.Pooling.MEAN);
                }
                return miniLm;
            }
            case "roberta-base" -> {
                Path dir = robertaDirectory();
                if (roberta == null || !roberta.tokenizerDir().equals(dir)) {
                    HfCheckpoint ck = HfCheckpoint.load(dir);
                    if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
                        throw new LinreproException(dir + " has no tokenizer.json (RoBERTa's BPE tokenizer; it is in "
                                + "the roberta-base repository next to model.safetensors)");
                    }
                    roberta = new Backbone(name, ck.config(), ck.weights(), dir, ClassifierHead.Pooling.FIRST);
                }
                return roberta;
            }
            default -> throw new LinreproException("model '" + name + "' is not known (minilm-l6, roberta-base)");
        }
    }

    /** The checkpoint directory, or a "no data" message saying how to provide it. */
    static Path robertaDirectory() {
        String v = System.getProperty("linrepro.roberta-base", System.getenv(ROBERTA_ENV));
        if (v == null || v.isBlank()) {
            throw new MissingInputException("needs a local roberta-base checkpoint: set " + ROBERTA_ENV
                    + "=<dir with config.json, model.safetensors, tokenizer.json> (e.g. from "
                    + "huggingface.co/FacebookAI/roberta-base)");
        }
        Path dir = Path.of(v);
        if (!Files.isDirectory(dir)) {
            throw new MissingInputException(ROBERTA_ENV + "=" + v + " is not a directory");
        }
        return dir;
    }

    BertTokenizer tokenizer(int maxLength) {
        if (maxLength > config.maxLength()) {
            throw new LinreproException(name + ": maxLength " + maxLength + " exceeds the model's " + config.maxLength());
        }
        return tokenizerDir == null ? BertTokenizer.miniLm(maxLength)
                : new HfCheckpoint(config, weights, tokenizerDir).tokenizer(maxLength);
    }
}
