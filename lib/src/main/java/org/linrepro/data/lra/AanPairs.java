package org.linrepro.data.lra;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.data.DataException;
import org.linrepro.data.DataRoot;

/**
 * LRA Retrieval: ACL Anthology Network document pairs (CATALOGUE LRA-T4; 2 classes, byte level, 4000 bytes per
 * document in the LRA config). The original release's {@code new_aan_pairs.{train,eval,test}.tsv} (copied to the data
 * root as {@code aan/{train,dev,test}.tsv.gz} by {@code data-scripts/aan.sh}) has no header and five tab-separated
 * fields per line: label, id1, id2, text1, text2. The label may be written as {@code 1} or {@code 1.0}; the texts are
 * Python bytes literals ({@code b'...'}, as the LRA preprocessing wrote them), which are decoded here; a text without
 * the {@code b'} prefix is taken as is.
 */
public final class AanPairs {
    private AanPairs() {}

    /** Every pair of {@code split} ("train", "dev" or "test"), each document's bytes truncated to {@code maxLength}. */
    public static List<TokenExample> load(DataRoot root, String split, int maxLength) {
        if (!List.of("train", "dev", "test").contains(split)) {
            throw new DataException("AAN split must be train, dev or test, got '" + split + "'");
        }
        String rel = "aan/" + split + ".tsv.gz";
        try (BufferedReader r = root.openGzipReader(rel)) {
            return parse(rel, r, maxLength);
        } catch (IOException e) {
            throw new UncheckedIOException(rel + ": " + e.getMessage(), e);
        }
    }

    static List<TokenExample> parse(String name, BufferedReader r, int maxLength) throws IOException {
        List<TokenExample> out = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new DataException(name + ": line " + n + " has " + f.length
                        + " tab-separated fields; expected 5 (label, id1, id2, text1, text2)");
            }
            int label;
            try {
                double v = Double.parseDouble(f[0].trim());
                label = (int) v;
                if (v != label || (label != 0 && label != 1)) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new DataException(name + ": line " + n + ": label must be 0 or 1, got '" + f[0] + "'");
            }
            out.add(new TokenExample(ByteTokens.encode(text(f[3]), maxLength), ByteTokens.encode(text(f[4]), maxLength),
                    label));
        }
        return out;
    }

    /** The bytes of a field: a Python bytes literal b'..' / b".." decoded, anything else as UTF-8. */
    static byte[] text(String field) {
        if (field.length() >= 3 && field.charAt(0) == 'b' && (field.charAt(1) == '\'' || field.charAt(1) == '"')
                && field.charAt(field.length() - 1) == field.charAt(1)) {
            return unescape(field.substring(2, field.length() - 1));
        }
        return field.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] unescape(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                b.write(u, 0, u.length);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.write('\n');
                case 't' -> b.write('\t');
                case 'r' -> b.write('\r');
                case '\\' -> b.write('\\');
                case '\'' -> b.write('\'');
                case '"' -> b.write('"');
                case 'x' -> {
                    if (i + 2 < s.length()) {
                        b.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                }
                default -> {
                    b.write('\\');
                    b.write(e);
                }
            }
        }
        return b.toByteArray();
    }
}
