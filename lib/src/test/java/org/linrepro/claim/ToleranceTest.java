package org.linrepro.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ToleranceTest {
    @Test
    void absoluteAndRelative() {
        assertTrue(Tolerance.absolute(0.1, "w").check(1.05, 1.0, null).passed());
        assertFalse(Tolerance.absolute(0.1, "w").check(1.2, 1.0, null).passed());
        assertTrue(Tolerance.relative(0.05, "w").check(-2.09, -2.0, null).passed());
        assertFalse(Tolerance.relative(0.05, "w").check(2.2, 2.0, null).passed());
        assertEquals(0.05, Tolerance.absolute(0.1, "w").check(1.05, 1.0, null).margin(), 1e-12);
    }

    @Test
    void standardErrorsNeedAStandardError() {
        Tolerance t = Tolerance.standardErrors(3, "w");
        assertTrue(t.check(1.02, 1.0, 0.01).passed());
        assertFalse(t.check(1.04, 1.0, 0.01).passed());
        assertThrows(IllegalStateException.class, () -> t.check(1.0, 1.0, null));
    }

    @Test
    void marginIsDirectional() {
        assertTrue(Tolerance.margin(0.1, true, "w").check(1.2, 1.0, null).passed());
        assertFalse(Tolerance.margin(0.1, true, "w").check(1.05, 1.0, null).passed());
        assertTrue(Tolerance.margin(0.1, false, "w").check(0.8, 1.0, null).passed());
        assertFalse(Tolerance.margin(0.1, false, "w").check(1.2, 1.0, null).passed());
    }

    @Test
    void slopeRangeAndNaN() {
        assertTrue(Tolerance.slopeRange(0.8, 1.2, "w").check(1.0, null, null).passed());
        assertFalse(Tolerance.slopeRange(0.8, 1.2, "w").check(1.9, null, null).passed());
        assertFalse(Tolerance.absolute(1e9, "w").check(Double.NaN, 0.0, null).passed());
    }
}
