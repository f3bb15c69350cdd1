package org.linrepro.claim;

import java.util.List;

/**
 * Something a paper reports, with its source, and how we check it. Loaded from the claim files (one per paper)
 * by {@link ClaimFileLoader}; run by {@link ClaimRunner}.
 *
 * @param id          unique, kebab-case, starts with a short paper tag (e.g. {@code mahankali-iso-mc-loss})
 * @param source      where the reported value comes from and whose number it is (paper, official code, derived)
 * @param statement   the claim in one sentence
 * @param experiment  registered experiment name, e.g. {@code icl.oneStepGdMonteCarlo}
 * @param scaled      for quick-tier claims: exactly what was scaled down from the paper's setup
 * @param data        dataset names the experiment needs (empty for synthetic data)
 * @param seed        default master seed (the CLI's {@code --seed} overrides it)
 * @param notReproduced non-null when the claim is known not to reproduce (it still runs, as a strict expected failure)
 * @param deviation   non-null when our value is expected to differ from the printed one, with the reason
 * @param decided     non-null when the claim says whether its relation, margin or budget was fixed before or after
 *                    seeing results
 * @param file        claim file it came from (for messages)
 */
public record Claim(String id, Paper paper, Source source, String statement, Kind kind, Tier tier,
        Reported reported, Tolerance tolerance, String experiment, Config config, String scaled,
        List<String> data, long seed, NotReproduced notReproduced, Deviation deviation, Decided decided,
        String file) {

    /** The line the claim file belongs to: its folder under claims/ ("lra"), or "" for a file outside one. */
    public String line() {
        String[] parts = file.replace('\\', '/').split("/");
        return parts.length >= 2 ? parts[parts.length - 2] : "";
    }

    public boolean reproduced() {
        return notReproduced == null;
    }
}
