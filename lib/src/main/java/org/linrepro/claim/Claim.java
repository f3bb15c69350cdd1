package org.linrepro.claim;

import java.util.List;

/**
 * Something a paper reports, with its source, and how we check it. Loaded from the claim files (one per paper)
 * by {@link ClaimFileLoader}; run by {@link ClaimRunner}.
 *
 * @param id          unique, kebab-case, starts with a short paper tag (e.g. {@code mahankali-iso-mc-loss})
 * @param source      where in the paper: "Theorem 1", "Table 1, row Transformer, column ListOps"
 * @param statement   the claim in one sentence
 * @param experiment  registered experiment name, e.g. {@code icl.oneStepGdMonteCarlo}
 * @param scaled      for quick-tier claims: exactly what was scaled down from the paper's setup
 * @param data        dataset names the experiment needs (empty for synthetic data)
 * @param seed        default master seed (the CLI's {@code --seed} overrides it)
 * @param notReproduced non-null when the claim is known not to reproduce
 * @param file        claim file it came from (for messages)
 */
public record Claim(String id, Paper paper, String source, String statement, Kind kind, Tier tier,
        Reported reported, Tolerance tolerance, String experiment, Config config, String scaled,
        List<String> data, long seed, NotReproduced notReproduced, String file) {

    public boolean reproduced() {
        return notReproduced == null;
    }
}
