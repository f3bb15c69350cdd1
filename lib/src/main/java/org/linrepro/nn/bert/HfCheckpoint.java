package org.linrepro.nn.bert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.linrepro.io.Safetensors;
import org.linrepro.io.Tensor;
import org.linrepro.util.LinreproException;

/**
 * A Hugging Face checkpoint directory (config.json + model.safetensors, optional tokenizer.json) of a BERT or
 * RoBERTa model, e.g. a local copy of roberta-base. Weight names lose their model prefix ({@code roberta.},
 * {@code bert.}); heads (lm_head, cls, classifier) are ignored.
 */
public record HfCheckpoint(BertConfig config, BertWeights weights, Path directory) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static HfCheckpoint load(Path dir) {
        Path cfgFile = dir.resolve("config.json");
        Path st = dir.resolve("model.safetensors");
        if (!Files.isRegularFile(cfgFile) || !Files.isRegularFile(st)) {
            throw new LinreproException("checkpoint directory " + dir + " needs config.json and model.safetensors "
                    + "(e.g. a local download of roberta-base)");
        }
        JsonNode c;
        try {
            c = JSON.readTree(cfgFile.toFile());
        } catch (IOException e) {
            throw new LinreproException(cfgFile + ": not valid JSON: " + e.getMessage());
        }
        String type = c.path("model_type").asText("");
        if (!type.equals("bert") && !type.equals("roberta")) {
            throw new LinreproException(cfgFile + ": model_type '" + type + "' is not supported (bert or roberta)");
        }
        // RoBERTa numbers positions from padding_idx + 1.
        int offset = type.equals("roberta") ? c.path("pad_token_id").asInt(1) + 1 : 0;
        BertConfig config = new BertConfig(req(c, "vocab_size", cfgFile), req(c, "hidden_size", cfgFile),
                req(c, "num_hidden_layers", cfgFile), req(c, "num_attention_heads", cfgFile),
                req(c, "intermediate_size", cfgFile), req(c, "max_position_embeddings", cfgFile),
                c.path("type_vocab_size").asInt(2), (float) c.path("layer_norm_eps").asDouble(1e-12), offset);
        String act = c.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new LinreproException(cfgFile + ": hidden_act '" + act + "' is not supported (gelu)");
        }
        BertWeights w = new BertWeights(st.toString());
        for (Map.Entry<String, Tensor> e : Safetensors.read(st).entrySet()) {
            String name = e.getKey().replaceFirst("^(roberta|bert)\\.", "")
                    .replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias");
            if (name.startsWith("embeddings.") || name.startsWith("encoder.") || name.startsWith("pooler.")) {
                w.put(name, e.getValue());
            }
        }
        w.check(config);
        return new HfCheckpoint(config, w, dir);
    }

    private static int req(JsonNode c, String field, Path file) {
        if (!c.has(field) || !c.get(field).canConvertToInt()) {
            throw new LinreproException(file + ": field '" + field + "' is missing or not an integer");
        }
        return c.get(field).asInt();
    }

    /** The directory's tokenizer.json (RoBERTa's BPE or BERT's WordPiece, whichever it holds). */
    public BertTokenizer tokenizer(int maxLength) {
        Path t = directory.resolve("tokenizer.json");
        try {
            return new BertTokenizer(Files.readAllBytes(t), maxLength);
        } catch (IOException e) {
            throw new LinreproException("checkpoint directory " + directory + " has no readable tokenizer.json");
        }
    }
}
