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

    /** A clock the test advances by hand (nanoseconds). */
    static final class Clock implements java.util.function.LongSupplier {
        long now;

        void seconds(double s) {
            now += (long) (s * 1e9);
        }

        @Override
        public long getAsLong() {
            return now;
        }
    }

    @Test
    void timesTheStepsAfterTheFirstThenStops() {
        Clock clock = new Clock();
        Pilot p = new Pilot(3, 1e9, Device.cpu(), Progress.NONE, clock);
        assertEquals(1, p.every(50), "a pilot wants every step reported");
        p.update("load data", 1, 10, Map.of()); // before the announcement: ignored for timing
        clock.seconds(4); // data and model
        p.trainingStarts("train", 1234, 512, 35_000);
        clock.seconds(9); // the first step: allocation, warm-up
        p.update("train", 1, 35_000, Map.of());
        clock.seconds(2);
        p.update("train", 2, 35_000, Map.of());
        clock.seconds(30); // another process took the cores for a while
        p.update("train", 3, 35_000, Map.of());
        clock.seconds(2.5);
        assertThrows(PilotStop.class, () -> p.update("train", 4, 35_000, Map.of()));
        Pilot.Timing t = p.timing();
        assertEquals("train", t.phase());
        assertEquals(1234, t.parameters());
        assertEquals(512, t.tokensPerStep());
        assertEquals(35_000, t.totalSteps());
        assertEquals(2.5, t.secondsPerStep(), 1e-9, "the median of 2, 30 and 2.5 s");
        assertEquals(4, t.setupSeconds(), 1e-9);
        assertTrue(t.note().contains("timed 3 step(s)"), t.note());
    }

    @Test
    void aSlowFirstStepPastTheBudgetIsUsedAndSaidSo() {
        Clock clock = new Clock();
        Pilot p = new Pilot(3, 60, Device.cpu(), Progress.NONE, clock);
        p.trainingStarts("train", 10, 1, 100);
        clock.seconds(70);
        assertThrows(PilotStop.class, () -> p.update("train", 1, 100, Map.of()));
        Pilot.Timing t = p.timing();
        assertEquals(70, t.secondsPerStep(), 1e-9);
        assertTrue(t.note().contains("only the first step"), t.note());
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
