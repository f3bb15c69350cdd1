package org.linrepro.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.Tier;
import org.linrepro.data.DataRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List claims: id, paper, source, kind, tier, reported value, data availability.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--paper", paramLabel = "ARXIV_ID", description = "only this paper's claims, e.g. 2307.03576")
    String paper;

    @Option(names = "--tier", paramLabel = "TIER", split = ",",
            description = "only these tiers: unit, quick, paper (default: all)")
    List<String> tiers;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE})")
    String format;

    @picocli.CommandLine.Mixin
    ClaimSources sources = new ClaimSources();

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new org.linrepro.util.LinreproException("--format must be table or json, got '" + format + "'");
        }
        ClaimCatalog catalog = sources.catalog();
        List<Claim> claims = Selection.select(catalog, List.of(), paper,
                Selection.tiers(tiers, EnumSet.allOf(Tier.class)));
        DataRoot data = DataRoot.fromEnvironment();
        if (format.equals("json")) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode arr = json.createArrayNode();
            for (Claim c : claims) {
                ObjectNode o = arr.addObject();
                o.put("id", c.id());
                ObjectNode p = o.putObject("paper");
                p.put("arxiv", c.paper().arxiv());
                p.put("title", c.paper().title());
                p.put("short", c.paper().shortTitle());
                o.put("source", c.source().where());
                o.put("sourceKind", c.source().kind().id());
                o.put("statement", c.statement());
                o.put("kind", c.kind().id());
                o.put("tier", c.tier().id());
                ObjectNode r = o.putObject("reported");
                if (c.reported().hasValue()) {
                    r.put("value", c.reported().value());
                } else {
                    r.put("reference", c.reported().reference().text());
                }
                r.put("unit", c.reported().unit());
                o.put("tolerance", c.tolerance().text());
                o.put("line", catalog.lineOf(c));
                ArrayNode d = o.putArray("data");
                c.data().forEach(d::add);
                o.put("dataAvailable", c.data().stream().allMatch(data::isAvailable));
                o.put("status", c.reproduced() ? c.deviation() != null ? "deviates" : "active" : "not reproduced");
                if (c.notReproduced() != null) {
                    ObjectNode lm = o.putObject("lastMeasured");
                    lm.put("value", c.notReproduced().lastMeasured().value());
                    lm.put("date", c.notReproduced().lastMeasured().date());
                }
                if (c.decided() != null) {
                    o.put("decided", c.decided().when().id() + ": " + c.decided().what());
                }
            }
            System.out.println(json.writeValueAsString(arr));
            return 0;
        }
        TextTable t = new TextTable(60, "id", "paper", "source", "kind", "tier", "reported", "data", "status");
        for (Claim c : claims) {
            String dataState = c.data().isEmpty() ? "synthetic"
                    : c.data().stream().allMatch(data::isAvailable) ? "present" : "missing";
            String status = c.reproduced() ? c.deviation() != null ? "deviation declared" : ""
                    : "not reproduced, " + c.notReproduced().lastMeasuredText();
            t.row(c.id(), c.paper().arxiv() + " " + c.paper().shortTitle(),
                    c.source().kind().id() + ": " + c.source().where(), c.kind().id(), c.tier().id(),
                    c.reported().text(), dataState, status);
        }
        System.out.print(t);
        System.out.println(claims.size() + " claims. Data root: " + data.root());
        return 0;
    }
}
