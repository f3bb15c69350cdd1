package org.linrepro.claim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.linrepro.util.AtomicFiles;
import org.linrepro.util.LinreproException;
import org.linrepro.util.LockedFile;

/**
 * Append-only JSON-lines record of verdicts, so drift between runs stays visible. Safe for concurrent writers in one
 * or several processes: each append takes the file's lock and writes one whole line at the end (never rewriting the
 * file). A line cut off by a crash is found before the next append and moved to {@code <ledger>.fragments}, so the
 * next verdict is not glued onto it. The file is created with the default mode (the umask decides, 0644 usually).
 *
 * <p>Each line carries a {@code verdictId}: a hash of its content (everything but the id and the {@code reused}
 * note), so the same verdict in two ledgers has the same id and {@link #merge} keeps it once. Old lines without an
 * id get the same hash computed on read.
 */
public final class Ledger {
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final String ID = "verdictId";
    static final String REUSED = "reused";

    private final Path file;

    public Ledger(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Where a cut-off last line is moved before the next append. */
    public Path fragmentsFile() {
        return file.resolveSibling(file.getFileName() + ".fragments");
    }

    /**
     * A verdict shown again from the result store, not measured by this run.
     *
     * @param at  when it was taken from the store (the verdict keeps its own, original timestamp)
     * @param key the result store key it came from
     */
    public record Reuse(String at, String key) {
        public static Reuse now(String key) {
            return new Reuse(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), key);
        }
    }

    /** One ledger line: its id, the verdict, and the reuse note (null when this run measured it). */
    public record Entry(String id, Verdict verdict, Reuse reused) {}

    /** Appends a verdict measured now; returns its id. */
    public String append(Verdict v) {
        return append(v, null);
    }

    /** Appends a verdict with an optional reuse note; returns its id (the same with or without the note). */
    public String append(Verdict v, Reuse reused) {
        ObjectNode line = lineOf(v, reused);
        byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            LockedFile.exclusive(file, ch -> {
                repairCutOffLine(ch);
                long at = ch.size();
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
                ch.force(false);
                return null;
            });
        } catch (IOException e) {
            throw new LinreproException("cannot write ledger " + file + ": " + e.getMessage(),
                    LinreproException.FAILED, e);
        }
        return line.get(ID).asText();
    }

    /** The verdict id a line of this verdict gets (a hash of its content). */
    public static String idOf(Verdict v) {
        return lineOf(v, null).get(ID).asText();
    }

    /** The JSON line for a verdict: its id first, then the verdict's fields, then the reuse note. */
    static ObjectNode lineOf(Verdict v, Reuse reused) {
        ObjectNode fields;
        try {
            // Through text, so the id is computed from exactly what a reader will parse back.
            fields = (ObjectNode) JSON.readTree(JSON.writeValueAsString(v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("verdict not serializable: " + e.getOriginalMessage(), e);
        }
        ObjectNode line = JSON.createObjectNode();
        line.put(ID, idOf(fields));
        line.setAll(fields);
        if (reused != null) {
            line.set(REUSED, JSON.valueToTree(reused));
        }
        return line;
    }

    /** The id of a line: the first 16 hex digits of the SHA-256 of its content, keys sorted, id and reuse left out. */
    static String idOf(ObjectNode line) {
        ObjectNode content = line.deepCopy();
        content.remove(ID);
        content.remove(REUSED);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writeValueAsBytes(sorted(content)));
            return HexFormat.of().formatHex(h).substring(0, 16);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object sorted(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            n.fields().forEachRemaining(f -> m.put(f.getKey(), sorted(f.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(sorted(x)));
            return l;
        }
        return n;
    }

    /**
     * When the file does not end in a newline, its last line was cut off (a crash mid-write). A complete JSON object
     * there just gets its newline; anything else is moved to the fragments file and cut from the ledger.
     */
    private void repairCutOffLine(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0 || byteAt(ch, size - 1) == '\n') {
            return;
        }
        long start = size - 1;
        while (start > 0 && byteAt(ch, start - 1) != '\n') {
            start--;
        }
        ByteBuffer frag = ByteBuffer.allocate((int) (size - start));
        while (frag.hasRemaining()) {
            ch.read(frag, start + frag.position());
        }
        String text = new String(frag.array(), StandardCharsets.UTF_8);
        if (parsesAsObject(text)) {
            ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
            return;
        }
        String note = "# cut-off last line of " + file.getFileName() + " (" + text.length() + " chars), moved here "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n" + text + "\n";
        Files.writeString(fragmentsFile(), note, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        ch.truncate(start);
    }

    private static byte byteAt(FileChannel ch, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        ch.read(b, pos);
        return b.get(0);
    }

    private static boolean parsesAsObject(String text) {
        try {
            return JSON.readTree(text) instanceof ObjectNode;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** All verdicts in order. A malformed line is an error naming the file and line. */
    public List<Verdict> readAll() {
        return entries().stream().map(Entry::verdict).toList();
    }

    /** All lines in order, with ids (computed for old lines that have none). */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (ObjectNode n : lines(file)) {
            out.add(entryOf(n));
        }
        return out;
    }

    private Entry entryOf(ObjectNode n) {
        try {
            Reuse r = n.hasNonNull(REUSED) ? JSON.treeToValue(n.get(REUSED), Reuse.class) : null;
            return new Entry(n.get(ID).asText(), JSON.treeToValue(n, Verdict.class), r);
        } catch (JsonProcessingException e) {
            throw new LinreproException(file + ": a line is not a verdict: " + e.getOriginalMessage());
        }
    }

    /**
     * The parsed lines of a ledger file, each with its {@code verdictId} set. A line cut off at the very end (no
     * newline, not JSON) is a crash's fragment: skipped here, moved aside by the next append. Any other malformed
     * line is an error naming the file and line.
     */
    static List<ObjectNode> lines(Path file) {
        byte[] bytes;
        try {
            bytes = LockedFile.shared(file, ch -> {
                ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
                while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
                    // read until full
                }
                return buf.array();
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new LinreproException("cannot read ledger " + file + ": " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] ls = text.split("\n", -1);
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < ls.length; i++) {
            String l = ls[i];
            if (l.isBlank()) {
                continue;
            }
            boolean last = i == ls.length - 1; // no newline after it
            JsonNode n;
            try {
                n = JSON.readTree(l);
            } catch (JsonProcessingException e) {
                if (last) {
                    continue;
                }
                throw new LinreproException(file + ": line " + (i + 1) + " is not a verdict: "
                        + e.getOriginalMessage());
            }
            if (!(n instanceof ObjectNode o)) {
                throw new LinreproException(file + ": line " + (i + 1) + " is not a verdict (not a JSON object)");
            }
            try {
                JSON.treeToValue(o, Verdict.class);
            } catch (JsonProcessingException e) {
                throw new LinreproException(file + ": line " + (i + 1) + " is not a verdict: "
                        + e.getOriginalMessage());
            }
            if (!o.hasNonNull(ID)) {
                ObjectNode withId = JSON.createObjectNode();
                withId.put(ID, idOf(o));
                withId.setAll(o);
                o = withId;
            }
            out.add(o);
        }
        return out;
    }

    /** The newest verdict of each claim, in order of first appearance. */
    public List<Verdict> latest() {
        Map<String, Verdict> m = new LinkedHashMap<>();
        for (Verdict v : readAll()) {
            m.put(v.claimId(), v);
        }
        return List.copyOf(m.values());
    }

    /** What {@link #merge} did. */
    public record MergeResult(int read, int written, int duplicates) {}

    /**
     * Joins ledgers into {@code out}: every line once by verdict id (the first copy kept), ordered by verdict
     * timestamp (stable, so lines of one time keep their input order), written atomically. {@code out} may be one of
     * the inputs: all are read before it is replaced.
     */
    public static MergeResult merge(List<Path> inputs, Path out) {
        List<ObjectNode> all = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.isRegularFile(in)) {
                throw new LinreproException("no ledger at " + in);
            }
            all.addAll(lines(in));
        }
        Set<String> seen = new LinkedHashSet<>();
        List<ObjectNode> kept = new ArrayList<>();
        for (ObjectNode n : all) {
            if (seen.add(n.get(ID).asText())) {
                kept.add(n);
            }
        }
        // the run time sits in "run" (grouped verdicts) or at the top (older flat lines)
        kept.sort(Comparator.comparing(n -> n.path("run").path("timestamp").asText(n.path("timestamp").asText(""))));
        StringBuilder b = new StringBuilder();
        kept.forEach(n -> b.append(n).append('\n'));
        try {
            LockedFile.exclusive(out, ch -> {
                AtomicFiles.write(out, b.toString());
                return null;
            });
        } catch (IOException e) {
            throw new LinreproException("cannot write ledger " + out + ": " + e.getMessage(),
                    LinreproException.FAILED, e);
        }
        return new MergeResult(all.size(), kept.size(), all.size() - kept.size());
    }
}
