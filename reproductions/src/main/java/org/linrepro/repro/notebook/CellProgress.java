package org.linrepro.repro.notebook;

import java.util.Locale;
import java.util.Map;
import org.linrepro.claim.Numbers;
import org.linrepro.run.Progress;

/**
 * Progress of a notebook call as one live line in the cell: {@code [2/5] item · phase step/total ▕██░░▏ · loss … ·
 * elapsed · ETA}, redrawn in place (a display updated through its id, so the saved notebook keeps only the last
 * state), at most every {@value #MIN_INTERVAL_MS} ms, and ended by a summary line. Outside a notebook it shows nothing.
 */
public final class CellProgress implements Progress {
    static final long MIN_INTERVAL_MS = 250;
    private static final int BAR = 20;

    private final NotebookDisplay display;
    private final long started = System.nanoTime();
    private String item = "";
    private String phase = "";
    private long phaseStart;
    private long lastDraw;
    private String lastText = "";

    private CellProgress(NotebookDisplay display) {
        this.display = display;
    }

    /** A live line in the running cell (or a silent one outside a notebook), showing {@code title} until work starts. */
    public static CellProgress start(String title) {
        CellProgress p = new CellProgress(NotebookDisplay.open());
        p.draw(title, title);
        return p;
    }

    /** Which of several items (claims, models) runs now; shown in front of the phase. */
    public void item(int index, int total, String name) {
        item = "[" + index + "/" + total + "] " + name;
        phase = "";
        draw(item + " …", item + " …");
    }

    @Override
    public void update(String ph, long step, long total, Map<String, Double> metrics) {
        long now = System.nanoTime();
        boolean newPhase = !ph.equals(phase);
        if (newPhase) {
            phase = ph;
            phaseStart = now;
        }
        if (!newPhase && step < total && now - lastDraw < MIN_INTERVAL_MS * 1_000_000L) {
            return;
        }
        String head = (item.isEmpty() ? "" : item + " · ") + ph + " "
                + String.format(Locale.ROOT, "%,d/%,d", step, total);
        StringBuilder tail = new StringBuilder();
        metrics.forEach((k, v) -> tail.append(" · ").append(k).append(' ').append(Numbers.format(v)));
        double elapsed = (now - phaseStart) / 1e9;
        tail.append(" · ").append(clock(elapsed));
        if (step > 0 && step < total) {
            tail.append(" · ETA ").append(clock(elapsed / step * (total - step)));
        }
        draw(head + " " + bar(step, total) + tail, head + tail);
    }

    /** Ends the line with a summary; the time since {@link #start} is appended. */
    public void finish(String summary) {
        String s = summary + " (" + clock((System.nanoTime() - started) / 1e9) + ")";
        draw(s, s);
    }

    /** What the line shows now (for tests and plain frontends). */
    public String text() {
        return lastText;
    }

    private void draw(String html, String text) {
        lastDraw = System.nanoTime();
        lastText = text;
        if (display != null) {
            display.show("<div class=\"linrepro-progress\" style=\"font-family:monospace;white-space:pre\">"
                    + escape(html) + "</div>", text);
        }
    }

    static String bar(long step, long total) {
        int filled = total <= 0 ? 0 : (int) Math.min(BAR, Math.round((double) BAR * step / total));
        return "▕" + "█".repeat(filled) + "░".repeat(BAR - filled) + "▏";
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
