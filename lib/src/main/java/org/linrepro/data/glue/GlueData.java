package org.linrepro.data.glue;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.data.DataRoot;
import org.linrepro.util.LinreproException;

/**
 * Loads a labelled GLUE split from the verified mirror: split on tabs only (no quoting: a '"' is literal), the
 * BOM of MRPC's first line stripped, header skipped where the task has one. Test splits carry no labels and
 * are refused; papers (and this project) evaluate on dev.
 */
public final class GlueData {
    private GlueData() {}

    public enum Split { TRAIN, DEV }

    public static List<GlueExample> load(DataRoot root, GlueTask task, Split split) {
        if (task == GlueTask.QNLI && split == Split.TRAIN) {
            throw new LinreproException("the mirror holds QNLI dev and test only, no train split");
        }
        String file = "glue/" + task.dir() + "/" + (split == Split.TRAIN ? "train" : "dev") + ".tsv.gz";
        List<GlueExample> out = new ArrayList<>();
        try (BufferedReader r = root.openGzipReader(file)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1) {
                    line = line.replace("\uFEFF", "");
                    if (task.header()) {
                        continue;
                    }
                }
                if (line.isEmpty()) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                int need = Math.max(task.labelColumn(), Math.max(task.firstColumn(), task.secondColumn())) + 1;
                if (cols.length < need) {
                    throw new LinreproException(file + " line " + lineNo + ": " + cols.length + " columns, expected "
                            + need);
                }
                double label;
                try {
                    label = task.parseLabel(cols[task.labelColumn()]);
                } catch (NumberFormatException e) {
                    throw new LinreproException(file + " line " + lineNo + ": bad label '" + cols[task.labelColumn()]
                            + "' (" + e.getMessage() + ")");
                }
                out.add(new GlueExample(cols[task.firstColumn()], task.pair() ? cols[task.secondColumn()] : null,
                        label));
            }
        } catch (IOException e) {
            throw new LinreproException("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }
}
