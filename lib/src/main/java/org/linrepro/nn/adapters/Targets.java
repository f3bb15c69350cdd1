package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.linrepro.util.LinreproException;

/**
 * Picks the linear maps a target list names. A target is a role id ({@code query}, {@code value},
 * {@code attn-out}, …) or, as in PEFT, a module-name suffix: {@code output.dense} matches every module equal to
 * it or ending in {@code .output.dense} (so in BERT-style models both the attention output and the FFN output).
 */
public final class Targets {
    private Targets() {}

    public static List<LinearSite> select(Architecture a, List<String> targets) {
        if (targets.isEmpty()) {
            throw new LinreproException("no target modules given");
        }
        Set<LinearSite> picked = new LinkedHashSet<>();
        List<LinearSite> all = a.linears();
        for (String raw : targets) {
            String t = raw.trim();
            Role role = Role.byId(t);
            boolean matched = false;
            for (LinearSite s : all) {
                boolean hit = role != null ? s.role() == role
                        : s.module().equals(t) || s.module().endsWith("." + t);
                if (hit) {
                    picked.add(s);
                    matched = true;
                }
            }
            if (!matched) {
                throw new LinreproException("target '" + t + "' matches no linear map of " + a.id()
                        + " (roles: query, key, value, attn-out, ffn-in, ffn-out; or a module suffix such as '"
                        + all.get(all.size() - 1).module().replaceFirst("^.*?\\d+\\.", "") + "')");
            }
        }
        // Keep the architecture's order, whatever order the targets came in.
        List<LinearSite> out = new ArrayList<>();
        for (LinearSite s : all) {
            if (picked.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The tensors one adapted matrix gets, given its name, widths and rank. */
    @FunctionalInterface
    public interface SiteShapes {
        List<ParameterSpec> of(String prefix, int in, int out, int rank);
    }

    /** The tensors of a method that adds the same rank-r tensors to every target matrix, in the architecture's order. */
    public static List<ParameterSpec> perTarget(Architecture a, List<String> targets, int r, SiteShapes shapes) {
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : select(a, targets)) {
            out.addAll(shapes.of(s.name(), s.in(), s.out(), r));
        }
        return out;
    }
}
