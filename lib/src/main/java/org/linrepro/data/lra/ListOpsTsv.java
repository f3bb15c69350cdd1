package org.linrepro.data.lra;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.util.LinreproException;

/** The released ListOps TSV layout: header {@code Source\tTarget}, then one expression and its integer answer per line. */
public final class ListOpsTsv {
    public static final String HEADER = "Source\tTarget";

    /** One row as read back: the expression text and the answer. */
    public record Row(String source, int target) {}

    private ListOpsTsv() {}

    public static void write(Path file, List<ListOpsGenerator.Example> examples) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (ListOpsGenerator.Example e : examples) {
                w.write(e.source());
                w.write('\t');
                w.write(Integer.toString(e.target()));
                w.write('\n');
            }
        }
    }

    public static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.strip().equals(HEADER)) {
                throw new LinreproException(file + ": first line must be the header '" + HEADER.replace("\t", "\\t") + "'");
            }
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                int tab = line.lastIndexOf('\t');
                try {
                    rows.add(new Row(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1).strip())));
                } catch (RuntimeException e) {
                    throw new LinreproException(file + ": line " + n + " is not 'expression<TAB>integer'");
                }
            }
        }
        return rows;
    }
}
