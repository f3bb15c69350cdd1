package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a pretrained transformer: enough to list every parameter tensor (so a full count is a sum over
 * real shapes), the linear maps adapters wrap, and the normalisation sites. {@code source} says where the
 * dimensions come from.
 */
public record Architecture(String id, Family family, int layers, int hidden, int intermediate, int heads, int vocab,
        int positions, int typeVocab, String source) {

    /** Parameter layout conventions (Hugging Face module names). */
    public enum Family { BERT, ROBERTA, DEBERTA_V2, GPT2, VIT }

    /** DeBERTa-v2: relative-position buckets (rel_embeddings has 2·buckets rows) and the conv kernel width. */
    static final int DEBERTA_BUCKETS = 256;
    static final int DEBERTA_CONV_KERNEL = 3;
    /** ViT-B/16 on 224×224 RGB: 16×16 patches, 196 patches + [CLS]. */
    static final int VIT_PATCH = 16;
    static final int VIT_CHANNELS = 3;

    /** Every linear map of every layer, in layer order. */
    public List<LinearSite> linears() {
        List<LinearSite> out = new ArrayList<>();
        int d = hidden;
        int f = intermediate;
        for (int i = 0; i < layers; i++) {
            switch (family) {
                case BERT, ROBERTA, DEBERTA_V2 -> {
                    String p = "encoder.layer." + i + ".";
                    String suffix = family == Family.DEBERTA_V2 ? "_proj" : "";
                    out.add(new LinearSite(i, Role.QUERY, p + "attention.self.query" + suffix, d, d, false));
                    out.add(new LinearSite(i, Role.KEY, p + "attention.self.key" + suffix, d, d, false));
                    out.add(new LinearSite(i, Role.VALUE, p + "attention.self.value" + suffix, d, d, false));
                    out.add(new LinearSite(i, Role.ATTN_OUT, p + "attention.output.dense", d, d, false));
                    out.add(new LinearSite(i, Role.FFN_IN, p + "intermediate.dense", d, f, false));
                    out.add(new LinearSite(i, Role.FFN_OUT, p + "output.dense", f, d, false));
                }
                case GPT2 -> {
                    // c_attn is one d→3d map; LoRA's MergedLinear adapts its q/k/v thirds separately.
                    String p = "h." + i + ".";
                    out.add(new LinearSite(i, Role.QUERY, p + "attn.c_attn", d, d, true));
                    out.add(new LinearSite(i, Role.KEY, p + "attn.c_attn", d, d, true));
                    out.add(new LinearSite(i, Role.VALUE, p + "attn.c_attn", d, d, true));
                    out.add(new LinearSite(i, Role.ATTN_OUT, p + "attn.c_proj", d, d, false));
                    out.add(new LinearSite(i, Role.FFN_IN, p + "mlp.c_fc", d, f, false));
                    out.add(new LinearSite(i, Role.FFN_OUT, p + "mlp.c_proj", f, d, false));
                }
                case VIT -> {
                    String p = "blocks." + i + ".";
                    out.add(new LinearSite(i, Role.QUERY, p + "attn.qkv", d, d, true));
                    out.add(new LinearSite(i, Role.KEY, p + "attn.qkv", d, d, true));
                    out.add(new LinearSite(i, Role.VALUE, p + "attn.qkv", d, d, true));
                    out.add(new LinearSite(i, Role.ATTN_OUT, p + "attn.proj", d, d, false));
                    out.add(new LinearSite(i, Role.FFN_IN, p + "mlp.fc1", d, f, false));
                    out.add(new LinearSite(i, Role.FFN_OUT, p + "mlp.fc2", f, d, false));
                }
                default -> throw new IllegalStateException(family.toString());
            }
        }
        return out;
    }

    /**
     * The normalisation sites of the residual stream (SSF scales and shifts after each; Compacter can unfreeze
     * the LayerNorms). ViT's patch embedding output counts as a site, as in SSF's code.
     */
    public List<NormSite> norms() {
        List<NormSite> out = new ArrayList<>();
        int d = hidden;
        switch (family) {
            case BERT, ROBERTA, DEBERTA_V2 -> {
                out.add(new NormSite(-1, "embeddings.LayerNorm", d));
                for (int i = 0; i < layers; i++) {
                    out.add(new NormSite(i, "encoder.layer." + i + ".attention.output.LayerNorm", d));
                    out.add(new NormSite(i, "encoder.layer." + i + ".output.LayerNorm", d));
                }
            }
            case GPT2 -> {
                for (int i = 0; i < layers; i++) {
                    out.add(new NormSite(i, "h." + i + ".ln_1", d));
                    out.add(new NormSite(i, "h." + i + ".ln_2", d));
                }
                out.add(new NormSite(layers, "ln_f", d));
            }
            case VIT -> {
                out.add(new NormSite(-1, "patch_embed", d));
                for (int i = 0; i < layers; i++) {
                    out.add(new NormSite(i, "blocks." + i + ".norm1", d));
                    out.add(new NormSite(i, "blocks." + i + ".norm2", d));
                }
                out.add(new NormSite(layers, "norm", d));
            }
            default -> throw new IllegalStateException(family.toString());
        }
        return out;
    }

    /** Every parameter tensor of the pretrained model without a task head (pooler included where the base model has one). */
    public List<ParameterSpec> backbone() {
        List<ParameterSpec> out = new ArrayList<>();
        long d = hidden;
        switch (family) {
            case BERT, ROBERTA, DEBERTA_V2 -> {
                out.add(new ParameterSpec("embeddings.word_embeddings.weight", vocab, d));
                if (positions > 0) {
                    out.add(new ParameterSpec("embeddings.position_embeddings.weight", positions, d));
                }
                if (typeVocab > 0) {
                    out.add(new ParameterSpec("embeddings.token_type_embeddings.weight", typeVocab, d));
                }
            }
            case GPT2 -> {
                out.add(new ParameterSpec("wte.weight", vocab, d));
                out.add(new ParameterSpec("wpe.weight", positions, d));
            }
            case VIT -> {
                out.add(new ParameterSpec("patch_embed.proj.weight", d, VIT_CHANNELS, VIT_PATCH, VIT_PATCH));
                out.add(new ParameterSpec("patch_embed.proj.bias", d));
                out.add(new ParameterSpec("cls_token", 1, 1, d));
                out.add(new ParameterSpec("pos_embed", 1, positions, d));
            }
            default -> throw new IllegalStateException(family.toString());
        }
        // Linear maps: GPT-2's and ViT's fused q/k/v are three d×d sites here, the same numbers of parameters.
        for (LinearSite s : linears()) {
            out.add(new ParameterSpec(s.name() + ".weight", s.out(), s.in()));
            out.add(new ParameterSpec(s.name() + ".bias", s.out()));
        }
        for (NormSite n : norms()) {
            if (!n.module().equals("patch_embed")) {
                out.add(new ParameterSpec(n.module() + ".weight", n.dim()));
                out.add(new ParameterSpec(n.module() + ".bias", n.dim()));
            }
        }
        switch (family) {
            case BERT, ROBERTA -> {
                out.add(new ParameterSpec("pooler.dense.weight", d, d));
                out.add(new ParameterSpec("pooler.dense.bias", d));
            }
            case DEBERTA_V2 -> {
                out.add(new ParameterSpec("encoder.rel_embeddings.weight", 2L * DEBERTA_BUCKETS, d));
                out.add(new ParameterSpec("encoder.LayerNorm.weight", d));
                out.add(new ParameterSpec("encoder.LayerNorm.bias", d));
                out.add(new ParameterSpec("encoder.conv.conv.weight", d, d, DEBERTA_CONV_KERNEL));
                out.add(new ParameterSpec("encoder.conv.conv.bias", d));
                out.add(new ParameterSpec("encoder.conv.LayerNorm.weight", d));
                out.add(new ParameterSpec("encoder.conv.LayerNorm.bias", d));
            }
            default -> { }
        }
        return out;
    }

    /**
     * The task head a sequence classifier adds for {@code labels} classes: RoBERTa's dense+out_proj, DeBERTa's
     * pooler+classifier (both d² + d + dC + C), BERT's and ViT's single classifier (dC + C; BERT's pooler is
     * part of the backbone). GPT-2 gets BERT's form.
     */
    public List<ParameterSpec> head(int labels) {
        long d = hidden;
        List<ParameterSpec> out = new ArrayList<>();
        if (family == Family.ROBERTA || family == Family.DEBERTA_V2) {
            out.add(new ParameterSpec(family == Family.ROBERTA ? "classifier.dense.weight" : "pooler.dense.weight", d, d));
            out.add(new ParameterSpec(family == Family.ROBERTA ? "classifier.dense.bias" : "pooler.dense.bias", d));
        }
        String name = family == Family.ROBERTA ? "classifier.out_proj" : family == Family.VIT ? "head" : "classifier";
        out.add(new ParameterSpec(name + ".weight", labels, d));
        out.add(new ParameterSpec(name + ".bias", labels));
        return out;
    }

    public static long total(List<ParameterSpec> specs) {
        long n = 0;
        for (ParameterSpec p : specs) {
            n = Math.addExact(n, p.count());
        }
        return n;
    }
}
