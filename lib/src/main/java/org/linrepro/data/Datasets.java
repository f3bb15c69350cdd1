package org.linrepro.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Registry of the datasets linrepro knows, with their files in the canonical layout of the data root
 * ({@code shared/data/README.md}).
 *
 * <p>Top-level datasets ({@link #all()}): {@code wikitext-2}, {@code wikitext-103}, {@code glue}, {@code imdb},
 * {@code cifar10}, {@code aan}. In addition every GLUE task is a dataset of its own, {@code glue/<TASK>}
 * ({@link #glueTasks()}), so that a claim can depend on one task only; it is fetched by the same script
 * ({@code glue.sh}, which the fetcher tells to fetch only that task). Likewise every WikiText-103 split is a dataset
 * of its own, {@code wikitext-103/<split>} ({@link #wikitext103Splits()}), so that a claim can ask for the splits it
 * reads (the mirror has valid/test but no train); the whole archive is fetched for any of them, so their fetch
 * command is the one of {@code wikitext-103}.
 *
 * <p>{@code wikitext-103} lists train, valid and test: the verified mirror holds valid/test only, so its status
 * there is {@code PARTIAL} with the train file missing; {@code data-scripts/wikitext-103.sh} produces all three.
 * {@code aan} (LRA Retrieval) is not in the mirror and has no known checksums.
 */
public final class Datasets {
    /** Prefix of every fetch command. */
    public static final String FETCH_PREFIX = "./linrepro data fetch ";

    /** GLUE tasks in the mirror, in the order of the README. */
    public static final List<String> GLUE_TASKS = List.of("CoLA", "SST-2", "MRPC", "RTE", "STS-B", "WNLI", "QNLI");

    private static final List<Dataset> TOP;
    private static final List<Dataset> GLUE_PARTS;
    private static final List<Dataset> WT103_SPLITS;
    /** Part name → the dataset whose fetch command fetches it (parts whose script cannot fetch them alone). */
    private static final Map<String, String> FETCHED_WITH = new LinkedHashMap<>();
    private static final Map<String, Dataset> BY_NAME = new LinkedHashMap<>();

    static {
        Dataset wt2 = new Dataset("wikitext-2",
                "WikiText-2 (v1) tokenized train/valid/test + raw test; Merity et al. 2016, CC BY-SA 3.0",
                List.of("wikitext-2/wiki.train.tokens.gz", "wikitext-2/wiki.valid.tokens.gz",
                        "wikitext-2/wiki.test.tokens.gz", "wikitext-2/raw/wiki.test.raw.gz"),
                "wikitext-2.sh");
        Dataset wt103 = new Dataset("wikitext-103",
                "WikiText-103 (v1) tokenized train/valid/test; the mirror has valid/test only, train comes from wikitext-103.sh",
                List.of("wikitext-103/wiki.train.tokens.gz", "wikitext-103/wiki.valid.tokens.gz",
                        "wikitext-103/wiki.test.tokens.gz"),
                "wikitext-103.sh");
        List<Dataset> parts = new ArrayList<>();
        List<String> glueFiles = new ArrayList<>();
        for (String task : GLUE_TASKS) {
            List<String> files = new ArrayList<>();
            for (String split : task.equals("QNLI") ? List.of("dev", "test") : List.of("train", "dev", "test")) {
                files.add("glue/" + task + "/" + split + ".tsv.gz");
            }
            glueFiles.addAll(files);
            parts.add(new Dataset("glue/" + task, "GLUE " + task + " TSVs (" + String.join("/",
                    files.stream().map(f -> f.substring(f.lastIndexOf('/') + 1, f.indexOf(".tsv"))).toList()) + ")",
                    files, "glue.sh"));
        }
        Dataset glue = new Dataset("glue",
                "GLUE TSVs as written by download_glue_data.py: CoLA SST-2 MRPC RTE STS-B WNLI, QNLI dev/test",
                glueFiles, "glue.sh");
        Dataset imdb = new Dataset("imdb",
                "IMDB Large Movie Review v1.0 (Maas et al. 2011) as JSON lines, train/test 25,000 each",
                List.of("imdb/train.jsonl.gz", "imdb/test.jsonl.gz"), "imdb.sh");
        Dataset cifar = new Dataset("cifar10",
                "CIFAR-10 (Krizhevsky 2009) as 8-bit gray 32x32 records [label][1024 px], train 50,000 / test 10,000",
                List.of("cifar10/train_gray.bin.gz", "cifar10/test_gray.bin.gz"), "cifar10.sh");
        Dataset aan = new Dataset("aan",
                "LRA Retrieval (ACL Anthology Network pairs) from lra_release.gz; not in the verified mirror, no known checksums",
                List.of("aan/train.tsv.gz", "aan/dev.tsv.gz", "aan/test.tsv.gz"), "aan.sh");
        List<Dataset> splits = new ArrayList<>();
        for (String split : List.of("train", "valid", "test")) {
            String name = "wikitext-103/" + split;
            splits.add(new Dataset(name, "WikiText-103 (v1) tokenized " + split + " split only",
                    List.of("wikitext-103/wiki." + split + ".tokens.gz"), wt103.script()));
            FETCHED_WITH.put(name, wt103.name());
        }
        TOP = List.of(wt2, wt103, glue, imdb, cifar, aan);
        GLUE_PARTS = List.copyOf(parts);
        WT103_SPLITS = List.copyOf(splits);
        for (Dataset d : TOP) {
            BY_NAME.put(d.name(), d);
            for (Dataset p : d == glue ? GLUE_PARTS : d == wt103 ? WT103_SPLITS : List.<Dataset>of()) {
                BY_NAME.put(p.name(), p);
            }
        }
    }

    private Datasets() {
    }

    /** The top-level datasets (what {@code data status} lists). */
    public static List<Dataset> all() {
        return TOP;
    }

    /** The per-task GLUE datasets {@code glue/<TASK>}. */
    public static List<Dataset> glueTasks() {
        return GLUE_PARTS;
    }

    /** The per-split WikiText-103 datasets {@code wikitext-103/<split>} (train, valid, test). */
    public static List<Dataset> wikitext103Splits() {
        return WT103_SPLITS;
    }

    /** Every name {@link #byName} accepts, top-level and per-task. */
    public static List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.keySet()));
    }

    /** The dataset named {@code name}; throws {@link DataException} naming the known ones (and the closest) otherwise. */
    public static Dataset byName(String name) {
        Dataset d = name == null ? null : BY_NAME.get(name);
        if (d != null) {
            return d;
        }
        StringBuilder msg = new StringBuilder("unknown dataset '").append(name).append("'; known: ")
                .append(String.join(", ", BY_NAME.keySet()));
        closest(name).ifPresent(c -> msg.append("; did you mean '").append(c).append("'?"));
        throw new DataException(msg.toString());
    }

    /** The top-level dataset that lists {@code relativePath}, or, failing that, whose folder it lies in. */
    public static Optional<Dataset> owning(String relativePath) {
        for (Dataset d : TOP) {
            if (d.contains(relativePath)) {
                return Optional.of(d);
            }
        }
        int slash = relativePath.indexOf('/');
        if (slash > 0) {
            String folder = relativePath.substring(0, slash);
            for (Dataset d : TOP) {
                if (d.files().stream().anyMatch(f -> f.startsWith(folder + "/"))) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code ./linrepro data fetch <name>}; for a part that is only fetched together with its dataset (a WikiText-103
     * split) the command of that dataset.
     */
    public static String fetchCommand(String name) {
        return FETCH_PREFIX + FETCHED_WITH.getOrDefault(name, name);
    }

    /** The known name closest to {@code name} (case, '-', '_' and '/' ignored), if it is close enough to suggest. */
    static Optional<String> closest(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String q = squash(name);
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String known : BY_NAME.keySet()) {
            int dist = Math.min(levenshtein(q, squash(known)),
                    known.contains("/") ? levenshtein(q, squash(known.substring(known.indexOf('/') + 1))) : Integer.MAX_VALUE);
            if (dist < bestDist) {
                bestDist = dist;
                best = known;
            }
        }
        int allowed = Math.max(2, q.length() / 3);
        return bestDist <= allowed ? Optional.ofNullable(best) : Optional.empty();
    }

    private static String squash(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    static int levenshtein(String a, String b) {
        return org.linrepro.util.EditDistance.between(a, b);
    }
}
