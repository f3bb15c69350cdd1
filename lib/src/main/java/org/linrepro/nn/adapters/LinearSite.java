package org.linrepro.nn.adapters;

/**
 * One linear map of an architecture: layer index, role, its module name in the Hugging Face checkpoint (PEFT
 * target suffixes match against it) and its shape. {@code fused}: the map is one third of a fused q/k/v
 * projection (GPT-2's c_attn, ViT's qkv), which LoRA's MergedLinear adapts per third.
 */
public record LinearSite(int layer, Role role, String module, int in, int out, boolean fused) {

    /** A unique name for parameters attached to this site. */
    public String name() {
        return fused ? module + "[" + role.id() + "]" : module;
    }
}
