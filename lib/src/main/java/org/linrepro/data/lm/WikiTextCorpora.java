package org.linrepro.data.lm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.data.DataException;
import org.linrepro.data.DataRoot;
import org.linrepro.util.CacheFolder;
import org.linrepro.util.LinreproException;

/**
 * Loads WikiText-2 / WikiText-103 ({@code wiki.{train,valid,test}.tokens.gz}) as a {@link TokenizedCorpus}.
 *
 * <p>Tokenising WikiText-103 train takes minutes, so the result is cached as a binary file under
 * {@code <cache>/lm/} (see {@link CacheFolder}), named by the SHA-256 of the three compressed source files:
 * a changed file gives a new key, never a stale corpus. Cache files are written to a temporary file and renamed,
 * so a concurrent or interrupted run never reads half a file; a corrupt cache file is rebuilt.
 */
public final class WikiTextCorpora {
    static final String[] SPLITS = {"train", "valid", "test"};
    private static final int MAGIC = 0x4c4d5431; // "LMT1"
    private static final Map<String, TokenizedCorpus> LOADED = new LinkedHashMap<>();

    private final DataRoot root;
    private final Path cacheDir;

    public WikiTextCorpora(DataRoot root, Path cacheDir) {
        this.root = root;
        this.cacheDir = cacheDir;
    }

    public static WikiTextCorpora fromEnvironment() {
        return new WikiTextCorpora(DataRoot.fromEnvironment(), CacheFolder.fromEnvironment());
    }

    /** Relative path of a split's file, e.g. {@code wikitext-2/wiki.train.tokens.gz}. */
    public static String file(String dataset, String split) {
        checkDataset(dataset);
        return dataset + "/wiki." + split + ".tokens.gz";
    }

    static void checkDataset(String dataset) {
        if (!dataset.equals("wikitext-2") && !dataset.equals("wikitext-103")) {
            throw new LinreproException("not a WikiText dataset: '" + dataset + "'; known: wikitext-2, wikitext-103");
        }
    }

    /** The tokenised corpus, from this JVM's memo, the disk cache, or by tokenising (and caching) the files. */
    public TokenizedCorpus load(String dataset) {
        checkDataset(dataset);
        List<Path> files = new ArrayList<>();
        for (String s : SPLITS) {
            files.add(root.verifiedFile(file(dataset, s))); // missing/corrupt: one message with the fetch command
        }
        String key = dataset + "-" + contentKey(files);
        synchronized (LOADED) {
            TokenizedCorpus c = LOADED.get(key);
            if (c != null) {
                return c;
            }
            Path cached = cacheDir.resolve("lm").resolve(key + ".tokens");
            c = readCache(cached, dataset);
            if (c == null) {
                c = tokenize(dataset);
                writeCache(cached, c);
            }
            LOADED.put(key, c);
            return c;
        }
    }

    /** Tokenises the three splits; the vocabulary comes from train only. */
    TokenizedCorpus tokenize(String dataset) {
        Vocabulary.Builder vb = Vocabulary.builder();
        int[] train = ids(dataset, "train", vb, true);
        Vocabulary v = vb.build();
        int[] valid = ids(dataset, "valid", vb, false);
        int[] test = ids(dataset, "test", vb, false);
        return new TokenizedCorpus(dataset, v, train, valid, test);
    }

    private int[] ids(String dataset, String split, Vocabulary.Builder vb, boolean grow) {
        IntBuffer out = new IntBuffer();
        Vocabulary frozen = grow ? null : vb.build();
        forEachToken(dataset, split, w -> {
            if (grow) {
                out.add(vb.add(w));
            } else {
                if (!frozen.contains(w)) {
                    throw new DataException(file(dataset, split) + ": word '" + w
                            + "' does not occur in the training split; the file is not standard WikiText");
                }
                out.add(frozen.id(w));
            }
        });
        return out.toArray();
    }

    /** Calls {@code sink} for every token of a split in order, {@code <eos>} after each line. */
    public void forEachToken(String dataset, String split, java.util.function.Consumer<String> sink) {
        try (BufferedReader r = root.openGzipReader(file(dataset, split))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                for (String t : WordTokenizer.tokens(line)) {
                    sink.accept(t);
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + file(dataset, split) + ": " + e.getMessage(), e);
        }
    }

    /** Token and line counts of one split (no vocabulary needed). */
    public record SplitCount(long tokens, long lines) {}

    public SplitCount count(String dataset, String split) {
        long tokens = 0;
        long lines = 0;
        try (BufferedReader r = root.openGzipReader(file(dataset, split))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines++;
                tokens += WordTokenizer.tokens(line).size();
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + file(dataset, split) + ": " + e.getMessage(), e);
        }
        return new SplitCount(tokens, lines);
    }

    static String contentKey(List<Path> files) {
        try {
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (Path p : files) {
                MessageDigest one = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(p)) {
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        one.update(buf, 0, n);
                    }
                }
                all.update(one.digest());
            }
            return HexFormat.of().formatHex(all.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new DataException("cannot read data file: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static TokenizedCorpus readCache(Path p, String dataset) {
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                return null;
            }
            int n = in.readInt();
            List<String> words = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                words.add(in.readUTF());
            }
            int[][] splits = new int[3][];
            for (int s = 0; s < 3; s++) {
                int len = in.readInt();
                int[] a = new int[len];
                for (int i = 0; i < len; i++) {
                    a[i] = in.readInt();
                    if (a[i] < 0 || a[i] >= n) {
                        return null;
                    }
                }
                splits[s] = a;
            }
            return new TokenizedCorpus(dataset, Vocabulary.of(words), splits[0], splits[1], splits[2]);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable cache: rebuild it (it is only a cache)
        }
    }

    static void writeCache(Path p, TokenizedCorpus c) {
        Path tmp = null;
        try {
            Files.createDirectories(p.getParent());
            tmp = Files.createTempFile(p.getParent(), "." + p.getFileName(), ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(c.vocabSize());
                for (String w : c.vocabulary().words()) {
                    out.writeUTF(w);
                }
                for (String s : SPLITS) {
                    int[] a = c.split(s);
                    out.writeInt(a.length);
                    for (int x : a) {
                        out.writeInt(x);
                    }
                }
            }
            try {
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            // an unwritable cache directory only costs time: keep the corpus in memory
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** A growable int array (WikiText-103 train has ~103M tokens: no boxing). */
    private static final class IntBuffer {
        private int[] a = new int[1 << 16];
        private int n;

        void add(int x) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = x;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
