package org.linrepro.repro.notebook;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.linrepro.data.DataRoot;
import org.linrepro.data.lra.ByteTokens;
import org.linrepro.data.lra.ListOpsFormat;
import org.linrepro.data.lra.ListOpsGenerator;
import org.linrepro.data.lra.ListOpsNode;
import org.linrepro.data.lra.ListOpsVocabulary;
import org.linrepro.data.lra.PathfinderGenerator;
import org.linrepro.data.lra.TokenExample;
import org.linrepro.nn.lra.EncoderConfig;
import org.linrepro.nn.lra.LraEncoder;
import org.linrepro.repro.lra.LraTable;
import org.linrepro.util.LinreproException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What the Long Range Arena notebook shows besides claims: Table 1 as a table, ListOps trees, Pathfinder images,
 * a byte-level review, and the encoder's size and padding behaviour per mixer. Every call takes well under a second
 * except the first DJL use.
 */
public final class LraNotebook {
    private static final List<String> COLUMNS = List.of("listops", "text", "retrieval", "image", "pathfinder", "pathx",
            "avg");

    private LraNotebook() {}

    /** LRA Table 1 (test accuracy %) as printed; FAIL cells are missing values. */
    public static Table table1() {
        LraTable t = LraTable.load("lra/2011.04006-table1.tsv");
        Table out = Table.create("LRA Table 1 (test accuracy %)", StringColumn.create("model", t.models()));
        for (String c : COLUMNS) {
            DoubleColumn col = DoubleColumn.create(c);
            for (String m : t.models()) {
                try {
                    col.append(t.score(m, c));
                } catch (LinreproException fail) {
                    col.appendMissing(); // FAIL (Path-X)
                }
            }
            out.addColumns(col);
        }
        return out;
    }

    /** {@code n} ListOps trees of our generator (LRA's rules, small depth and length so they fit a page). */
    public static List<ListOpsNode> listOpsTrees(int n, int maxDepth, int maxLength, long seed) {
        List<ListOpsNode> out = new ArrayList<>();
        for (ListOpsGenerator.Example e : new ListOpsGenerator(new ListOpsGenerator.Params(maxDepth, 4, 3, maxLength),
                seed).generate(n)) {
            out.add(e.tree());
        }
        return out;
    }

    /** A tree drawn with one operator per line and each sub-tree's value after "→"; the label is the root's. */
    public static String draw(ListOpsNode node) {
        StringBuilder b = new StringBuilder();
        draw(b, node, "");
        return b.toString();
    }

    private static void draw(StringBuilder b, ListOpsNode node, String indent) {
        if (node instanceof ListOpsNode.Leaf l) {
            b.append(indent).append(l.digit()).append('\n');
            return;
        }
        ListOpsNode.Op op = (ListOpsNode.Op) node;
        boolean flat = op.args().stream().allMatch(a -> a instanceof ListOpsNode.Leaf);
        if (flat) {
            b.append(indent).append(ListOpsFormat.source(op).replace("( ", "").replace(" )", ""))
                    .append("   → ").append(op.value()).append('\n');
            return;
        }
        b.append(indent).append(op.operator().token()).append('\n');
        for (ListOpsNode a : op.args()) {
            draw(b, a, indent + "    ");
        }
        b.append(indent).append("]   → ").append(op.value()).append('\n');
    }

    /** The token sequence the model reads for a tree (brackets and digits; parentheses dropped). */
    public static String modelInput(ListOpsNode tree) {
        return String.join(" ", ListOpsFormat.modelTokens(ListOpsFormat.source(tree)));
    }

    /** The token ids of that sequence (vocabulary of {@link ListOpsVocabulary#SIZE}, 0 = padding). */
    public static int[] modelIds(ListOpsNode tree) {
        return ListOpsVocabulary.encode(ListOpsFormat.source(tree));
    }

    /** Pathfinder images side by side, scaled up, each framed green (connected, label 1) or red (not, label 0). */
    public static BufferedImage pathfinder(int count, int resolution, String difficulty, long seed) {
        PathfinderGenerator.Params p = PathfinderGenerator.Params.of(resolution,
                PathfinderGenerator.Difficulty.parse(difficulty));
        List<PathfinderGenerator.Image> images = new PathfinderGenerator(p, seed).generate(count);
        int scale = Math.max(1, 128 / resolution);
        int cell = resolution * scale;
        int gap = 6;
        BufferedImage out = new BufferedImage(count * (cell + 2 * gap), cell + 2 * gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < count; i++) {
            PathfinderGenerator.Image img = images.get(i);
            int x0 = i * (cell + 2 * gap);
            g.setColor(img.label() == 1 ? new Color(0, 160, 0) : new Color(200, 0, 0));
            g.fillRect(x0 + 2, 2, cell + 2 * gap - 4, cell + 2 * gap - 4);
            for (int y = 0; y < resolution; y++) {
                for (int x = 0; x < resolution; x++) {
                    int v = img.pixels()[y * resolution + x] & 0xFF;
                    g.setColor(new Color(v, v, v));
                    g.fillRect(x0 + gap + x * scale, gap + y * scale, scale, scale);
                }
            }
        }
        g.dispose();
        return out;
    }

    /** The labels of {@link #pathfinder}'s images, in order (1 = the two dots are connected). */
    public static int[] pathfinderLabels(int count, int resolution, String difficulty, long seed) {
        PathfinderGenerator.Params p = PathfinderGenerator.Params.of(resolution,
                PathfinderGenerator.Difficulty.parse(difficulty));
        return new PathfinderGenerator(p, seed).generate(count).stream().mapToInt(PathfinderGenerator.Image::label)
                .toArray();
    }

    /** The first review of the IMDB test split (text and label), or null when the data is not installed. */
    public static TokenExample firstReview(int maxBytes) {
        DataRoot root = DataRoot.fromEnvironment();
        if (!root.isAvailable("imdb")) {
            return null;
        }
        try (BufferedReader r = root.openGzipReader("imdb/test.jsonl.gz")) {
            com.fasterxml.jackson.databind.JsonNode o = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(r.readLine());
            return new TokenExample(ByteTokens.encode(o.get("text").asText(), maxBytes), o.get("label").asInt());
        } catch (IOException e) {
            throw new LinreproException("cannot read the first IMDB review: " + e.getMessage());
        }
    }

    /** Byte tokens back to text (id − 1 is the byte). */
    public static String decode(int[] tokens) {
        byte[] b = new byte[tokens.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (tokens[i] - 1);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Trainable parameters of the encoder for each mixer, at one shape (LRA's ListOps vocabulary and classes). */
    public static Table parameterCounts(List<String> mixers, int dim, int heads, int layers, int ffn) {
        IntColumn counts = IntColumn.create("parameters");
        try (NDManager m = NDManager.newBaseManager()) {
            for (String mixer : mixers) {
                EncoderConfig c = new EncoderConfig(ListOpsVocabulary.SIZE, 10, 2000, dim, heads, layers, ffn, mixer,
                        true, EncoderConfig.Pooling.MEAN, EncoderConfig.Positional.SINUSOIDAL, false);
                try (LraEncoder e = LraEncoder.create(m, c)) {
                    counts.append((int) e.parameterCount());
                }
            }
        }
        return Table.create(String.format(Locale.ROOT, "encoder, %d layers x %d, %d heads, FFN %d", layers, dim,
                heads, ffn), StringColumn.create("mixer", mixers), counts);
    }

    /**
     * How far padding moves the logits of a short ListOps sequence when it shares a batch with a longer one (max
     * absolute difference to the sequence alone), with and without the encoder's padding mask.
     */
    public static Table paddingEffect(List<String> mixers) {
        StringColumn names = StringColumn.create("mixer");
        DoubleColumn unmasked = DoubleColumn.create("unmasked");
        DoubleColumn masked = DoubleColumn.create("masked");
        List<ListOpsNode> trees = listOpsTrees(2, 3, 30, 5);
        TokenExample a = new TokenExample(modelIds(trees.get(0)), trees.get(0).value());
        TokenExample b = new TokenExample(modelIds(trees.get(1)), trees.get(1).value());
        TokenExample shortOne = a.tokens().length <= b.tokens().length ? a : b;
        TokenExample longOne = shortOne == a ? b : a;
        try (NDManager m = NDManager.newBaseManager()) {
            for (String mixer : mixers) {
                names.append(mixer);
                for (boolean mask : new boolean[] {false, true}) {
                    EncoderConfig c = new EncoderConfig(ListOpsVocabulary.SIZE, 10, 64, 32, 2, 2, 64, mixer, true,
                            EncoderConfig.Pooling.MEAN, EncoderConfig.Positional.SINUSOIDAL, false).withMaskPadding(mask);
                    Engine.getInstance().setRandomSeed(1);
                    try (LraEncoder e = LraEncoder.create(m, c)) {
                        float[] alone = e.logits(m, List.of(shortOne), false).toFloatArray();
                        float[] padded = e.logits(m, List.of(longOne, shortOne), false).get(1).toFloatArray();
                        double d = 0;
                        for (int i = 0; i < alone.length; i++) {
                            d = Math.max(d, Math.abs(alone[i] - padded[i]));
                        }
                        (mask ? masked : unmasked).append(d);
                    }
                }
            }
        }
        return Table.create("max |logit change| from padding (" + shortOne.tokens().length + " tokens padded to "
                + longOne.tokens().length + ")", names, unmasked, masked);
    }
}
