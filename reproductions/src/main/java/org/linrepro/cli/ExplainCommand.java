package org.linrepro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.ConfigKey;
import org.linrepro.claim.Experiment;
import org.linrepro.claim.ReferenceCall;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code linrepro explain CLAIM_ID}: claim → experiment → effective config → the code that runs it. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Show what a claim runs: the claim, its experiment, the effective config (every key with "
                + "its value, whether the claim gave it or it is the default, unit and help) and the classes that "
                + "run the experiment and compute the reference."})
final class ExplainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CLAIM_ID", description = "the claim (see: linrepro list)")
    String id;

    @Mixin
    ClaimSources sources = new ClaimSources();

    @Override
    public Integer call() {
        ClaimCatalog catalog = sources.catalog();
        Claim c = catalog.byId(id);
        Experiment e = catalog.experiment(c.experiment());
        StringBuilder b = new StringBuilder();
        b.append("claim       ").append(c.id()).append(c.reproduced() ? "" : "  (not reproduced)").append('\n');
        b.append("  file      ").append(c.file()).append("  (line ").append(catalog.lineOf(c)).append(")\n");
        b.append("  paper     ").append(c.paper().arxiv()).append(' ').append(c.paper().shortTitle()).append('\n');
        b.append("  source    ").append(c.source()).append('\n');
        b.append("  kind      ").append(c.kind().id()).append(", tier ").append(c.tier().id()).append(", seed ")
                .append(c.seed()).append('\n');
        b.append("  reported  ").append(c.reported().text()).append('\n');
        ReferenceCall ref = c.reported().reference();
        if (ref != null) {
            b.append("            reference function ").append(ref.function().name()).append(": ")
                    .append(ref.function().help()).append("; computed by ").append(ref.function().implementation())
                    .append('\n');
        }
        b.append("  tolerance ").append(c.tolerance().text()).append(" (").append(c.tolerance().why()).append(")\n");
        b.append("experiment  ").append(c.experiment()).append('\n');
        b.append("  runs      ").append(e.implementation()).append('\n');
        b.append("config      effective, hash ").append(c.config().hash()).append('\n');
        System.out.print(b);
        TextTable t = new TextTable(70, "key", "value", "from", "default", "unit", "help");
        JsonNode eff = catalog.effectiveConfig(c);
        for (Map.Entry<String, ConfigKey> k : c.config().keys().entrySet()) {
            JsonNode v = eff.get(k.getKey());
            String from = v == null ? "unset" : c.config().defaulted(k.getKey()) ? "default" : "claim";
            t.row(k.getKey(), v == null ? "" : v.isTextual() ? v.textValue() : v.toString(), from,
                    k.getValue().defaultText(), k.getValue().unit(), k.getValue().help());
        }
        System.out.print(t);
        return 0;
    }
}
