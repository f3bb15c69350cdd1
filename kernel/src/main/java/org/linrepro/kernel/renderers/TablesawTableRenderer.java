package org.linrepro.kernel.renderers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.linrepro.kernel.Renderer;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.table.Relation;

/** Tablesaw tables (and table slices) as an HTML table plus the usual text print. */
public final class TablesawTableRenderer implements Renderer {

    /** Tables with more rows show the first {@link #HEAD} and the last {@link #TAIL}. */
    static final int MAX_ROWS = 60;
    static final int HEAD = 40;
    static final int TAIL = 10;

    @Override
    public Class<?> type() {
        return Relation.class;
    }

    @Override
    public Map<String, Object> render(Object value) {
        Relation t = (Relation) value;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text/html", html(t));
        out.put("text/plain", t.rowCount() <= MAX_ROWS ? t.printAll() : t.print(HEAD + TAIL));
        return out;
    }

    static String html(Relation t) {
        int rows = t.rowCount();
        int cols = t.columnCount();
        boolean[] numeric = new boolean[cols];
        StringBuilder sb = new StringBuilder(256 + rows * cols * 16);
        // The title sits above the table, not in a <caption>: a caption is as narrow as the table and wrapped a long
        // title of a three-column table into three lines.
        sb.append("<div class=\"linrepro-table\"><div style=\"text-align: left; margin: 0.2em 0\">");
        if (t.name() != null && !t.name().isBlank()) {
            sb.append("<b>").append(Html.escape(t.name())).append("</b> &middot; ");
        }
        sb.append(rows).append(rows == 1 ? " row" : " rows").append(" &times; ").append(cols)
                .append(cols == 1 ? " column" : " columns").append("</div>\n<table>\n<thead><tr>");
        for (int c = 0; c < cols; c++) {
            numeric[c] = t.column(c) instanceof NumericColumn;
            sb.append("<th").append(numeric[c] ? " style=\"text-align: right\"" : "").append('>')
                    .append(Html.escape(t.column(c).name())).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        boolean cut = rows > MAX_ROWS;
        for (int r = 0; r < rows; r++) {
            if (cut && r == HEAD) {
                sb.append("<tr><td colspan=\"").append(cols).append("\" style=\"text-align: center\">&hellip; ")
                        .append(rows - HEAD - TAIL).append(" more rows &hellip;</td></tr>\n");
                r = rows - TAIL - 1;
                continue;
            }
            sb.append("<tr>");
            for (int c = 0; c < cols; c++) {
                sb.append("<td").append(numeric[c] ? " style=\"text-align: right\"" : "").append('>')
                        .append(Html.escape(t.getString(r, c))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table></div>");
        return sb.toString();
    }
}
