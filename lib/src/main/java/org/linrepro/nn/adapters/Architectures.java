package org.linrepro.nn.adapters;

import java.util.LinkedHashMap;
import java.util.Map;
import org.linrepro.nn.adapters.Architecture.Family;
import org.linrepro.util.LinreproException;

/** The architectures the papers adapt, by id. Dimensions are those of the public checkpoints' config.json files. */
public final class Architectures {
    private static final Map<String, Architecture> ALL = new LinkedHashMap<>();

    static {
        add(new Architecture("roberta-base", Family.ROBERTA, 12, 768, 3072, 12, 50265, 514, 1,
                "Hugging Face roberta-base config.json"));
        add(new Architecture("roberta-large", Family.ROBERTA, 24, 1024, 4096, 16, 50265, 514, 1,
                "Hugging Face roberta-large config.json"));
        add(new Architecture("deberta-v2-xxlarge", Family.DEBERTA_V2, 48, 1536, 6144, 24, 128100, 0, 0,
                "microsoft/deberta-v2-xxlarge config.json as recalled (position_buckets 256, conv kernel 3, "
                        + "no absolute positions, no token types); layer shapes match the LoRA counts, the "
                        + "embedding/conv extras are not verified"));
        add(new Architecture("bert-base", Family.BERT, 12, 768, 3072, 12, 30522, 512, 2,
                "Hugging Face bert-base-uncased config.json"));
        add(new Architecture("minilm-l6", Family.BERT, 6, 384, 1536, 12, 30522, 512, 2,
                "sentence-transformers/all-MiniLM-L6-v2 (the ONNX initializers of the langchain4j artifact)"));
        add(new Architecture("gpt2-medium", Family.GPT2, 24, 1024, 4096, 16, 50257, 1024, 0,
                "Hugging Face gpt2-medium config.json"));
        add(new Architecture("gpt2-large", Family.GPT2, 36, 1280, 5120, 20, 50257, 1024, 0,
                "Hugging Face gpt2-large config.json"));
        add(new Architecture("vit-b16", Family.VIT, 12, 768, 3072, 12, 0, 197, 0,
                "timm vit_base_patch16_224 (224×224 input, 196 patches + [CLS])"));
    }

    private Architectures() {}

    private static void add(Architecture a) {
        ALL.put(a.id(), a);
    }

    public static Map<String, Architecture> all() {
        return java.util.Collections.unmodifiableMap(ALL);
    }

    public static Architecture byId(String id) {
        Architecture a = ALL.get(id);
        if (a == null) {
            throw new LinreproException("unknown model '" + id + "' (known: " + String.join(", ", ALL.keySet()) + ")");
        }
        return a;
    }
}
