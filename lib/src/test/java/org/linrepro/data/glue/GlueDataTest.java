package org.linrepro.data.glue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.linrepro.data.DataRoot;
import org.linrepro.data.glue.GlueData.Split;
import org.linrepro.util.LinreproException;

/** The mirror's GLUE files load with the README's row counts and label forms (skipped without the data). */
class GlueDataTest {
    private static DataRoot root() {
        DataRoot r = DataRoot.fromEnvironment();
        Assumptions.assumeTrue(r.isAvailable("glue/RTE") && r.isAvailable("glue/MRPC") && r.isAvailable("glue/CoLA")
                && r.isAvailable("glue/STS-B"), "GLUE not in the data root");
        return r;
    }

    @Test
    void rowCountsAndLabels() {
        DataRoot r = root();
        List<GlueExample> rte = GlueData.load(r, GlueTask.RTE, Split.TRAIN);
        assertEquals(2490, rte.size());
        assertEquals(277, GlueData.load(r, GlueTask.RTE, Split.DEV).size());
        assertTrue(rte.stream().allMatch(e -> e.second() != null && (e.label() == 0 || e.label() == 1)));
        List<GlueExample> mrpc = GlueData.load(r, GlueTask.MRPC, Split.DEV);
        assertEquals(408, mrpc.size());
        assertEquals(3668, GlueData.load(r, GlueTask.MRPC, Split.TRAIN).size());
        List<GlueExample> cola = GlueData.load(r, GlueTask.COLA, Split.DEV);
        assertEquals(1043, cola.size()); // the last line has no trailing newline
        assertNull(cola.get(0).second());
        assertEquals(8551, GlueData.load(r, GlueTask.COLA, Split.TRAIN).size());
        List<GlueExample> sts = GlueData.load(r, GlueTask.STSB, Split.DEV);
        assertEquals(1500, sts.size());
        assertTrue(sts.stream().allMatch(e -> e.label() >= 0 && e.label() <= 5));
        assertTrue(sts.stream().anyMatch(e -> e.label() != Math.rint(e.label())));
        assertFalse(mrpc.get(0).first().startsWith("\uFEFF"));
    }

    @Test
    void namesAndRefusals() {
        assertEquals(GlueTask.SST2, GlueTask.byName("sst2"));
        assertEquals(GlueTask.STSB, GlueTask.byName("glue/STS-B"));
        assertThrows(LinreproException.class, () -> GlueTask.byName("MNLI"));
        assertThrows(LinreproException.class, () -> GlueData.load(DataRoot.fromEnvironment(), GlueTask.QNLI,
                Split.TRAIN));
    }
}
