package org.linrepro.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.linrepro.run.Progress;

/** The pilot's bookkeeping: what it asks of trainers, when it stops, what it reports. */
class PilotTest {

    @Test
    void timesTheStepsAfterTheFirstThenStops() throws Exception {
        Pilot p = new Pilot(2, 1e9, Device.cpu(), Progress.NONE);
        assertEquals(1, p.every(50), "a pilot wants every step reported");
        p.update("load data", 1, 10, Map.of()); // before the announcement: ignored for timing
        p.trainingStarts("train", 1234, 512, 35_000);
        p.update("train", 1, 35_000, Map.of());
        Thread.sleep(20);
        p.update("train", 2, 35_000, Map.of());
        Thread.sleep(20);
        assertThrows(PilotStop.class, () -> p.update("train", 3, 35_000, Map.of()));
        Pilot.Timing t = p.timing();
        assertEquals("train", t.phase());
        assertEquals(1234, t.parameters());
        assertEquals(512, t.tokensPerStep());
        assertEquals(35_000, t.totalSteps());
        assertTrue(t.secondsPerStep() >= 0.019 && t.secondsPerStep() < 1, "per step " + t.secondsPerStep());
        assertTrue(t.note().contains("timed 2 step(s)"), t.note());
    }

    @Test
    void onlyTheFirstTrainingRunIsTimed() {
        Pilot p = new Pilot(1, 1e9, Device.cpu(), Progress.NONE);
        p.trainingStarts("first", 10, 1, 100);
        p.trainingStarts("second", 99, 1, 100);
        p.update("first", 1, 100, Map.of());
        assertThrows(PilotStop.class, () -> p.update("first", 2, 100, Map.of()));
        assertEquals(10, p.timing().parameters());
    }

    @Test
    void countsOnlyStopsAtTheAnnouncement() {
        Pilot p = new Pilot(0, 1e9, Device.cpu(), Progress.NONE);
        assertThrows(PilotStop.class, () -> p.trainingStarts("train", 7, 3, 100));
        assertTrue(Double.isNaN(p.timing().secondsPerStep()));
        assertEquals(100, p.timing().totalSteps());
    }

    @Test
    void workWithoutTrainingIsStoppedAtTheBudgetAndExtrapolated() {
        Pilot p = new Pilot(3, 0, Device.cpu(), Progress.NONE); // budget already spent
        assertThrows(PilotStop.class, () -> p.update("bench", 2, 40, Map.of()));
        Pilot.Timing t = p.timing();
        assertTrue(t.extrapolated());
        assertEquals(40, t.totalSteps());
        assertTrue(t.note().contains("extrapolated from 2/40"), t.note());
    }
}
