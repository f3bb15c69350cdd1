package org.linrepro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.linrepro.claim.FigureData;
import org.linrepro.nn.mixer.LightningMixer;
import org.linrepro.nn.mixer.MixerConfig;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.util.LinreproException;

class AttentionBenchTest {

    @Test
    void slopeOfAPowerLawIsItsExponent() {
        double[] x = {512, 1024, 2048, 4096};
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            y[i] = 3.0 * Math.pow(x[i], 1.7);
        }
        assertEquals(1.7, AttentionBench.logLogSlope(x, y), 1e-12);
        assertTrue(Double.isNaN(AttentionBench.logLogSlope(new double[] {1}, new double[] {1})));
    }

    @Test
    void medianAndSpread() {
        assertEquals(2.0, AttentionBench.median(new double[] {3, 1, 2}), 0);
        assertEquals(2.5, AttentionBench.median(new double[] {4, 1, 2, 3}), 0);
        assertEquals(1.0, AttentionBench.spread(new double[] {1, 2, 3}), 1e-12);
    }

    @Test
    void withChunkReplacesOnlyTheChunkSize() {
        MixerConfig d = MixerRegistry.defaults("lightning", 32, 2, true);
        MixerConfig c = AttentionBench.withChunk(d, 16);
        assertTrue(c instanceof LightningMixer.Config);
        assertEquals(16, c.chunkSize());
        assertEquals(d.dim(), c.dim());
        assertEquals(d.heads(), c.heads());
        assertEquals(d.form(), c.form());
    }

    @Test
    void refusesWhatWouldNotFitBeforeAllocatingInOneMessage() {
        AttentionBench.Settings s = AttentionBench.Settings.defaults().withLengths(List.of(512, 200_000, 10_000_000));
        LinreproException e = assertThrows(LinreproException.class, () -> AttentionBench.checkFits(s, 8e9));
        assertEquals(LinreproException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("softmax at L=200000"), e.getMessage());
        assertTrue(e.getMessage().contains("gla at L=10000000"), e.getMessage());
        assertFalse(e.getMessage().contains("L=512"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        AttentionBench.checkFits(AttentionBench.Settings.defaults(), 8e9); // the defaults fit in 8 GB
        AttentionBench.checkFits(s, Double.NaN); // unknown memory: no check
    }

    @Test
    void anAllocationFailureIsOneMessageNamingTheCell() {
        RuntimeException e = AttentionBench.asAllocationFailure(new ai.djl.engine.EngineException(
                "[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: not enough memory: you tried to allocate"
                        + " 1600000000000 bytes.\nException raised from ..."), "softmax L=200000");
        assertTrue(e instanceof LinreproException le && le.exitCode() == LinreproException.FAILED, e.toString());
        assertTrue(e.getMessage().contains("softmax L=200000") && !e.getMessage().contains("\n"), e.getMessage());
        assertTrue(AttentionBench.asAllocationFailure(new OutOfMemoryError("Java heap space"), "gla L=9")
                instanceof LinreproException);
        RuntimeException other = new ai.djl.engine.EngineException("shape mismatch");
        assertEquals(other, AttentionBench.asAllocationFailure(other, "x"), "other engine errors are not renamed");
    }

    @Test
    void estimateGrowsQuadraticallyForTheParallelFormAndLinearlyForTheChunkedOnes() {
        MixerConfig soft = MixerRegistry.defaults("softmax", 128, 1, true);
        MixerConfig lin = MixerRegistry.defaults("lightning", 128, 1, true);
        double o = MixerMemoryEstimate.ENGINE_OVERHEAD;
        double r1 = (MixerMemoryEstimate.bytes(soft, 1, 1 << 16) - o) / (MixerMemoryEstimate.bytes(soft, 1, 1 << 15) - o);
        double r2 = (MixerMemoryEstimate.bytes(lin, 1, 1 << 16) - o) / (MixerMemoryEstimate.bytes(lin, 1, 1 << 15) - o);
        assertTrue(r1 > 3.9 && r1 <= 4, "softmax x" + r1);
        assertEquals(2.0, r2, 1e-3); // linear up to the one extra carried state
    }

    @Test
    void unknownMixerNamesTheKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttentionBench.Settings
                .defaults().withMixers(List.of("nope")));
        assertTrue(e.getMessage().contains("softmax"), e.getMessage());
    }

    @Test
    void tinyRunMeasuresEveryCellAndDrawsAFigure() {
        AttentionBench.Settings s = new AttentionBench.Settings(List.of("softmax", "lightning"), List.of(16, 32), 8, 2,
                1, 8, 2, 1, true, 0, 1, 1);
        AttentionBench.BenchResult r = AttentionBench.run(s, null);
        assertEquals(4, r.cells().size());
        for (AttentionBench.Cell c : r.cells()) {
            assertTrue(c.fwdMs() > 0 && c.fwdBwdMs() > 0, c.toString());
            assertEquals(2, c.fwdRunsMs().length);
        }
        assertNotNull(r.cell("lightning", 32));
        assertTrue(Double.isFinite(r.slope("softmax", true)));
        FigureData f = r.figure("t", true);
        assertEquals(2, f.series().size());
        assertTrue(f.logX() && f.logY());
    }
}
