package org.linrepro.repro.lra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.linrepro.util.LinreproException;

class LraTableTest {
    private static final String TABLE1 = "lra/2011.04006-table1.tsv";

    @Test
    void table1HasElevenRowsAndRecomputesTheTransformerAverage() {
        LraTable t = LraTable.load(TABLE1);
        assertEquals(11, t.models().size());
        assertEquals((36.37 + 64.27 + 57.46 + 42.44 + 71.40) / 5, t.recomputedAverage("Transformer"), 1e-12);
    }

    @Test
    void failCellsAndUnknownNamesAreClearErrors() {
        LraTable t = LraTable.load(TABLE1);
        assertTrue(assertThrows(LinreproException.class, () -> t.score("Transformer", "pathx")).getMessage()
                .contains("FAIL"));
        assertTrue(assertThrows(LinreproException.class, () -> t.score("Mamba", "avg")).getMessage()
                .contains("no row 'Mamba'"));
    }

    @Test
    void leadAndDeficit() {
        LraTable t = LraTable.parse("x", "model\ta\tavg\nA\t3\t1\nB\t1\t1\nC\t2\t1\n");
        assertEquals(1.0, t.leadOverOthers("A", "a"), 1e-12);
        assertEquals(1.0, t.deficitToOthers("B", "a"), 1e-12);
        assertEquals(-2.0, t.leadOverOthers("B", "a"), 1e-12);
    }
}
