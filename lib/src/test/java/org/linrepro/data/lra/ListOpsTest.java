package org.linrepro.data.lra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.util.LinreproException;

class ListOpsTest {

    @Test
    void evaluatesHandMadeTrees() {
        assertEquals(2, ListOpsFormat.evaluate("[SM 3 4 5 ]"));          // 12 mod 10
        assertEquals(2, ListOpsFormat.evaluate("[MED 1 2 3 4 ]"));       // int(np.median) = int(2.5)
        assertEquals(3, ListOpsFormat.evaluate("[MED 4 1 3 ]"));
        assertEquals(9, ListOpsFormat.evaluate("[MAX 2 9 [MIN 4 7 ] 0 ]"));
        assertEquals(4, ListOpsFormat.evaluate("[MIN [MAX 4 1 ] [SM 9 9 ] 5 ]")); // min(4, 8, 5)
        assertEquals(7, ListOpsFormat.evaluate("7"));
    }

    @Test
    void releasedFormatHasTheGeneratorsPairParentheses() {
        ListOpsNode t = new ListOpsNode.Op(ListOpsOperator.MAX, List.of(new ListOpsNode.Leaf(2), new ListOpsNode.Leaf(3)));
        assertEquals("( ( ( [MAX 2 ) 3 ) ] )", ListOpsFormat.source(t));
        assertEquals(List.of("[MAX", "2", "3", "]"), ListOpsFormat.modelTokens(ListOpsFormat.source(t)));
        assertEquals(4, t.length());
        assertEquals(3, ListOpsFormat.evaluate(ListOpsFormat.source(t)));
    }

    @Test
    void badExpressionsAreClearErrors() {
        assertTrue(assertThrows(LinreproException.class, () -> ListOpsFormat.evaluate("[MAX 1 2")).getMessage()
                .contains("incomplete"));
        assertTrue(assertThrows(LinreproException.class, () -> ListOpsFormat.evaluate("[FOO 1 ]")).getMessage()
                .contains("unknown token '[FOO'"));
    }

    @Test
    void generatorIsDeterministicDistinctWithinBoundsAndAgreesWithTheEvaluator() {
        ListOpsGenerator.Params p = new ListOpsGenerator.Params(4, 5, 10, 60);
        List<ListOpsGenerator.Example> a = new ListOpsGenerator(p, 7).generate(300);
        List<ListOpsGenerator.Example> b = new ListOpsGenerator(p, 7).generate(300);
        assertEquals(a, b);
        assertTrue(!a.equals(new ListOpsGenerator(p, 8).generate(300)));
        assertEquals(300, new HashSet<>(a.stream().map(ListOpsGenerator.Example::source).toList()).size());
        for (ListOpsGenerator.Example e : a) {
            int len = ListOpsFormat.modelTokens(e.source()).size();
            assertTrue(len > 10 && len < 60, "length " + len);
            assertTrue(e.tree().depth() <= 3, "root at depth 1, leaves forced at depth 4");
            assertEquals(e.target(), ListOpsFormat.evaluate(e.source()));
        }
    }

    @Test
    void benchmarkParametersProduceTreesOfThePapersLengths() {
        List<ListOpsGenerator.Example> ex = new ListOpsGenerator(ListOpsGenerator.Params.BENCHMARK, 1).generate(20);
        for (ListOpsGenerator.Example e : ex) {
            int len = e.tree().length();
            assertTrue(len > 500 && len < 2000);
            assertTrue(e.tree().depth() <= 9);
            assertEquals(e.target(), ListOpsFormat.evaluate(e.source()));
        }
        assertEquals(100_000, ListOpsGenerator.TRAIN + ListOpsGenerator.VALID + ListOpsGenerator.TEST);
    }

    @Test
    void impossibleParametersAreRejected() {
        assertThrows(LinreproException.class, () -> new ListOpsGenerator.Params(1, 10, 500, 2000));
        assertThrows(LinreproException.class, () -> new ListOpsGenerator.Params(10, 1, 500, 2000));
        assertThrows(LinreproException.class, () -> new ListOpsGenerator.Params(10, 10, 500, 501));
        assertTrue(assertThrows(LinreproException.class, () -> new ListOpsGenerator.Params(2, 3, 10, 100))
                .getMessage().contains("longest possible: 5"));
    }

    @Test
    void tsvRoundTrip(@TempDir Path dir) throws Exception {
        List<ListOpsGenerator.Example> ex = new ListOpsGenerator(new ListOpsGenerator.Params(3, 4, 3, 30), 3).generate(20);
        Path f = dir.resolve("x.tsv");
        ListOpsTsv.write(f, ex);
        List<ListOpsTsv.Row> rows = ListOpsTsv.read(f);
        assertEquals(20, rows.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(ex.get(i).source(), rows.get(i).source());
            assertEquals(ex.get(i).target(), rows.get(i).target());
        }
        assertTrue(java.nio.file.Files.readAllLines(f).get(0).equals("Source\tTarget"));
    }
}
