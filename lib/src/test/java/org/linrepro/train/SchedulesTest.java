package org.linrepro.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.linrepro.util.LinreproException;

/** Each schedule against values computed by hand (the arithmetic is in the comments). */
class SchedulesTest {
    private static final double EPS = 1e-12;

    @Test
    void lraRsqrtDecayListOps() {
        // LRA ListOps: base 0.05, warmup 1000. lr(s) = 0.05 · min(1, s/1000) / √max(s, 1000)
        Schedule s = new FactorSchedule("constant * linear_warmup * rsqrt_decay", 0.05, 1000, 0);
        assertEquals(0.0, s.at(0), EPS); // min(1, 0) = 0: the first update is made at rate 0
        assertEquals(0.05 * 0.5 / Math.sqrt(1000), s.at(500), EPS); // 0.025 / 31.6228 = 7.9057e-4
        assertEquals(1.5811388300841897e-3, s.at(1000), EPS); // peak 0.05 / √1000 = 0.05 / 31.6228
        assertEquals(7.905694150420948e-4, s.at(4000), EPS); // 0.05 / √4000 = 0.05 / 63.2456
        assertEquals(0.05 / Math.sqrt(4999), s.at(4999), EPS); // last of 5000 steps: 7.0718e-4
    }

    @Test
    void lraRsqrtDecayRetrievalNeverReachesItsPeak() {
        // LRA Retrieval: base 0.05, warmup 8000 but only 5000 steps: lr(5000) = 0.05 · 0.625 / √8000
        Schedule s = new FactorSchedule("constant * linear_warmup * rsqrt_decay", 0.05, 8000, 0);
        assertEquals(3.493856214843422e-4, s.at(5000), EPS); // 0.03125 / 89.4427
        assertEquals(5.590169943749474e-4, s.at(8000), EPS); // Text's peak: 0.05 / √8000
    }

    @Test
    void lraCosineDecayImage() {
        // LRA Image: base 5e-4, warmup 175, stepsPerCycle 35000.
        // p = max(0, (s − 175)/35000); lr = 5e-4 · min(1, s/175) · max(0, ½(1 + cos(π · (p mod 1))))
        Schedule s = new FactorSchedule("constant * linear_warmup * cosine_decay", 5e-4, 175, 35000);
        assertEquals(0.0, s.at(0), EPS);
        assertEquals(5e-4 * 100 / 175, s.at(100), EPS); // warm-up, p = 0: 2.857e-4
        assertEquals(5e-4, s.at(175), EPS); // p = 0, cos 0 = 1
        assertEquals(2.5e-4, s.at(175 + 17500), 1e-15); // p = ½, cos(π/2) = 0: half the peak
        // last step 34999: p = 34824/35000 = 0.994971…, ½(1 + cos(0.994971π)) = 6.2391e-5 → 3.1195e-8
        assertEquals(5e-4 * 0.5 * (1 + Math.cos(Math.PI * 34824 / 35000.0)), s.at(34999), EPS);
        assertTrue(s.at(34999) < 3.2e-8 && s.at(34999) > 3.1e-8);
        // p mod 1: one full cycle later the rate is back at the peak (the official cosine is cyclic)
        assertEquals(5e-4, s.at(175 + 35000), EPS);
    }

    @Test
    void otherFactors() {
        // rsqrt_normalized_decay: √100 / √max(400, 100) = 10 / 20 = 0.5
        assertEquals(0.5, new FactorSchedule("rsqrt_normalized_decay", 1, 100, 0).at(400), EPS);
        assertEquals(1.0, new FactorSchedule("rsqrt_normalized_decay", 1, 100, 0).at(50), EPS); // max(50,100) = 100
        // decay_every: 0.5^⌊45000 / 20000⌋ = 0.5² = 0.25 (times constant 2 = 0.5)
        assertEquals(0.5, new FactorSchedule("constant*decay_every", 2, 1, 0).at(45000), EPS);
        assertEquals(3.0, new FactorSchedule(" constant ", 3, 0, 0).at(12345), EPS);
    }

    @Test
    void unknownFactorIsOneClearMessage() {
        LinreproException e = assertThrows(LinreproException.class,
                () -> new FactorSchedule("constant * linear_warmpu", 1, 10, 0));
        assertTrue(e.getMessage().contains("linear_warmpu") && e.getMessage().contains("rsqrt_decay"), e.getMessage());
        assertThrows(LinreproException.class, () -> new FactorSchedule("constant * cosine_decay", 1, 10, 0));
    }

    @Test
    void linearWarmupLinearDecay() {
        // Hugging Face linear: T = 1000, w = 60, peak 4e-4. s < w: 4e-4·s/60; else 4e-4·(1000 − s)/940
        Schedule s = Schedules.linearWarmupLinearDecay(1000, 60, 4e-4);
        assertEquals(0.0, s.at(0), EPS);
        assertEquals(2e-4, s.at(30), EPS); // 4e-4 · 30/60
        assertEquals(4e-4, s.at(60), EPS); // 4e-4 · 940/940
        assertEquals(2e-4, s.at(530), EPS); // 4e-4 · 470/940
        assertEquals(4e-4 / 940, s.at(999), EPS); // 4.2553e-7
        assertEquals(0.0, s.at(1000), EPS);
        assertEquals(0.0, s.at(1200), EPS); // max(0, ·)
    }

    @Test
    void cosineWithWarmupAndFloor() {
        // T = 1100, w = 100, peak 0.01: s < w: 0.01·s/100; p = (s − 100)/1000, 0.01·½(1 + cos πp)
        Schedule s = Schedules.cosineWithWarmup(1100, 100, 0.01, 0.0);
        assertEquals(0.0, s.at(0), EPS);
        assertEquals(0.005, s.at(50), EPS);
        assertEquals(0.01, s.at(100), EPS);
        assertEquals(0.005, s.at(600), EPS); // p = ½
        assertEquals(0.01 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.at(350), EPS); // 0.0085355
        assertEquals(0.0, s.at(1100), EPS); // p = 1
        // floor 0.1: 0.01·(0.1 + 0.9·½(1 + cos πp)): at p = ½ 0.01·0.55 = 0.0055, at p = 1 0.001
        Schedule f = Schedules.cosineWithWarmup(1100, 100, 0.01, 0.1);
        assertEquals(0.0055, f.at(600), EPS);
        assertEquals(0.001, f.at(1100), EPS);
    }

    @Test
    void fairseqInverseSqrt() {
        // TransNormer ALM: warmup 8000, peak 5e-4, init 1e-7.
        // s < 8000: 1e-7 + (5e-4 − 1e-7)·s/8000; else 5e-4·√(8000/s)
        Schedule s = Schedules.fairseqInverseSqrt(8000, 5e-4, 1e-7);
        assertEquals(1e-7, s.at(0), EPS);
        assertEquals(1e-7 + 4.999e-4 / 2, s.at(4000), EPS); // 2.5005e-4
        assertEquals(5e-4, s.at(8000), EPS);
        assertEquals(2.5e-4, s.at(32000), EPS); // 5e-4 · √(1/4)
        assertEquals(5e-4 * Math.sqrt(0.08), s.at(100000), EPS); // 1.41421e-4
    }

    @Test
    void constantAndLegacy() {
        assertEquals(1e-4, Schedules.constant(1e-4).at(0), EPS);
        assertEquals(1e-4, Schedules.constant(1e-4).at(500000), EPS);
        // legacy warm-up counts from step + 1: step 0 of 10 warm-up steps is peak/10
        Schedule l = Schedules.legacyWarmupCosine(110, 10, 1.0, 0.0);
        assertEquals(0.1, l.at(0), EPS);
        assertEquals(Schedules.warmupCosine(57, 110, 10, 1.0, 0.0), l.at(57), 0.0);
        assertEquals(0.5, l.at(60), EPS); // (60 − 10)/100 = ½
        // legacy inverse sqrt: peak·√(w/(s+1)): w = 4, s = 15 → √(4/16) = ½
        assertEquals(0.5, Schedules.inverseSqrt(15, 4, 1.0), EPS);
    }

    @Test
    void namesSayWhatTheyAre() {
        assertTrue(Schedules.linearWarmupLinearDecay(10, 1, 1).toString().startsWith("linearWarmupLinearDecay"));
        assertTrue(new FactorSchedule("constant * linear_warmup * rsqrt_decay", 0.05, 1000, 0).toString()
                .contains("rsqrt_decay"));
    }
}
