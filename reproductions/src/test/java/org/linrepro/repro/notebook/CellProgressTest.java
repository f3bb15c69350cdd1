package org.linrepro.repro.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CellProgressTest {

    @Test
    void theLineShowsItemPhaseStepMetricsAndEta() {
        assertNull(NotebookDisplay.open(), "no notebook kernel runs in a unit test");
        CellProgress p = CellProgress.start("running 2 claim(s) …");
        assertEquals("running 2 claim(s) …", p.text());
        p.item(1, 2, "some-claim");
        p.update("train", 10, 1000, Map.of("loss", 0.25));
        String t = p.text();
        assertTrue(t.startsWith("[1/2] some-claim · train 10/1,000 · loss 0.25 · 0:00 · ETA "), t);
        p.update("train", 11, 1000, Map.of("loss", 0.2));
        assertEquals(t, p.text(), "redrawn at most every " + CellProgress.MIN_INTERVAL_MS + " ms");
        p.update("train", 1000, 1000, Map.of("loss", 0.1));
        assertTrue(p.text().startsWith("[1/2] some-claim · train 1,000/1,000 · loss 0.1 · 0:00"), "the last step is"
                + " always drawn: " + p.text());
        assertTrue(!p.text().contains("ETA"), p.text());
        p.finish("ran 2 claim(s), 2 pass");
        assertTrue(p.text().matches("ran 2 claim\\(s\\), 2 pass \\(0:\\d\\d\\)"), p.text());
    }

    @Test
    void barAndClock() {
        assertEquals("▕" + "█".repeat(10) + "░".repeat(10) + "▏", CellProgress.bar(50, 100));
        assertEquals("▕" + "░".repeat(20) + "▏", CellProgress.bar(0, 0));
        assertEquals("1:05", CellProgress.clock(65));
        assertEquals("1:00:01", CellProgress.clock(3601));
    }
}
