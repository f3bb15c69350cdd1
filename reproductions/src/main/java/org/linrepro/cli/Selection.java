package org.linrepro.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.Tier;

/** Which claims a command acts on: explicit ids, or filters by paper and tier. */
final class Selection {
    private Selection() {}

    static Set<Tier> tiers(List<String> texts, Set<Tier> fallback) {
        if (texts == null || texts.isEmpty()) {
            return fallback;
        }
        Set<Tier> out = EnumSet.noneOf(Tier.class);
        for (String t : texts) {
            for (String part : t.split(",")) {
                if (!part.isBlank()) {
                    out.add(Tier.parse(part));
                }
            }
        }
        return out;
    }

    static List<Claim> select(ClaimCatalog catalog, List<String> ids, String paper, Set<Tier> tiers) {
        if (paper != null) {
            catalog.requirePaper(paper);
        }
        if (ids != null && !ids.isEmpty()) {
            Set<Claim> out = new LinkedHashSet<>();
            for (String id : ids) {
                out.add(catalog.byId(id));
            }
            return new ArrayList<>(out);
        }
        return catalog.select(Set.of(), tiers, paper);
    }
}
