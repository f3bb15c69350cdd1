package org.linrepro.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.linrepro.claim.Numbers;
import org.linrepro.run.Progress;

/**
 * A live progress line on stderr: claim, phase, step/total, metrics and ETA. On a terminal it redraws one line;
 * otherwise (CI logs) it prints a line at most every 15 seconds.
 */
final class ConsoleProgress implements Progress {
    private final PrintStream out;
    private final boolean live;
    private String prefix = "";
    private long phaseStart;
    private String phase = "";
    private long lastPrint;
    private int lastWidth;

    ConsoleProgress(PrintStream out) {
        this.out = out;
        this.live = System.console() != null && !"true".equals(System.getenv("CI"));
    }

    void claim(int index, int total, String id) {
        prefix = "[" + index + "/" + total + "] " + id;
        phase = "";
        lastPrint = 0;
        if (live) {
            draw(prefix + " …");
        } else {
            out.println(prefix + " …");
        }
    }

    @Override
    public void update(String ph, long step, long total, Map<String, Double> metrics) {
        long now = System.nanoTime();
        if (!ph.equals(phase)) {
            phase = ph;
            phaseStart = now;
        }
        if (!live && now - lastPrint < 15_000_000_000L && step < total) {
            return;
        }
        lastPrint = now;
        StringBuilder b = new StringBuilder(prefix).append("  ").append(ph).append(' ').append(step).append('/')
                .append(total);
        metrics.forEach((k, v) -> b.append("  ").append(k).append(' ').append(Numbers.format(v)));
        double elapsed = (now - phaseStart) / 1e9;
        if (step > 0 && step < total) {
            long eta = Math.round(elapsed / step * (total - step));
            b.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
        }
        if (live) {
            draw(b.toString());
        } else {
            out.println(b);
        }
    }

    private void draw(String s) {
        String pad = s.length() < lastWidth ? " ".repeat(lastWidth - s.length()) : "";
        out.print("\r" + s + pad);
        out.flush();
        lastWidth = s.length();
    }

    @Override
    public void done() {
        if (live && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
            lastWidth = 0;
        }
    }
}
