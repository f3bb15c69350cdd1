package org.linrepro.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.linrepro.kernel.magic.CellParser;
import org.linrepro.kernel.magic.CellParser.Code;
import org.linrepro.kernel.magic.CellParser.LineMagicCall;

class CellParserTest {

    @Test
    void lineMagicsSplitTheCellAndKeepLineNumbers() {
        CellParser.Parsed p = CellParser.parse("%classpath lib/*.jar 'my dir/x.jar'\nimport a.B;\n\n%maven g:a:1.0\nB.run();");
        assertFalse(p.isCellMagic());
        assertEquals(4, p.parts().size());
        LineMagicCall cp = (LineMagicCall) p.parts().get(0);
        assertEquals("classpath", cp.name());
        assertEquals(List.of("lib/*.jar", "my dir/x.jar"), cp.args());
        assertEquals(1, cp.line());
        assertEquals(new Code("import a.B;\n", 2), p.parts().get(1));
        LineMagicCall mvn = (LineMagicCall) p.parts().get(2);
        assertEquals("maven", mvn.name());
        assertEquals(List.of("g:a:1.0"), mvn.args());
        assertEquals(4, mvn.line());
        assertEquals(new Code("B.run();", 5), p.parts().get(3));
    }

    @Test
    void cellMagicTakesTheRestOfTheCell() {
        CellParser.Parsed p = CellParser.parse("\n%%time  warm\nint x = 1;\nx");
        assertTrue(p.isCellMagic());
        assertEquals("time", p.cellMagic().name());
        assertEquals(List.of("warm"), p.cellMagic().args());
        assertEquals("int x = 1;\nx", p.cellMagic().body());
        assertEquals(3, p.cellMagic().bodyLine());
    }

    @Test
    void javaThatLooksLikeAMagicStaysJava() {
        CellParser.Parsed p = CellParser.parse("int r = 7\n  % 3;\nString s = \"%notmagic\";");
        assertEquals(1, p.parts().size());
        assertTrue(p.parts().get(0) instanceof Code);
        // %% after code is not a cell magic
        assertEquals(1, CellParser.parse("int a = 1;\n%%time").parts().size());
    }

    @Test
    void quotedArgumentsAndBlanking() {
        assertEquals(List.of("a b", "c", "d'e"), CellParser.splitArgs("\"a b\"  c \"d'e\""));
        assertEquals(List.of(), CellParser.splitArgs("   "));
        String cell = "%jars x.jar\nint a = 1;";
        String blank = CellParser.blankMagics(cell);
        assertEquals(cell.length(), blank.length());
        assertEquals("           \nint a = 1;", blank);
    }
}
