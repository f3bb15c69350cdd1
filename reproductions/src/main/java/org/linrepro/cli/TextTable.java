package org.linrepro.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table for the terminal: columns padded to their widest cell, long cells cut with "…". */
final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final int maxWidth;

    TextTable(int maxWidth, String... header) {
        this.header = List.of(header);
        this.maxWidth = maxWidth;
    }

    void row(String... cells) {
        rows.add(List.of(cells));
    }

    @Override
    public String toString() {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.min(maxWidth, Math.max(w[i], r.get(i).length()));
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, header, w);
        for (int i = 0; i < w.length; i++) {
            b.append("-".repeat(w[i])).append(i + 1 < w.length ? "  " : "\n");
        }
        rows.forEach(r -> line(b, r, w));
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] w) {
        for (int i = 0; i < w.length; i++) {
            String c = cells.get(i);
            if (c.length() > w[i]) {
                c = c.substring(0, w[i] - 1) + "…";
            }
            b.append(c);
            if (i + 1 < w.length) {
                b.append(" ".repeat(w[i] - c.length() + 2));
            }
        }
        b.append('\n');
    }
}
