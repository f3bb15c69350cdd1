package org.linrepro.repro.lm;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.linrepro.repro.ClaimTests;

/** Every WikiText language-modelling claim of the selected tiers, one dynamic test per claim id. */
@Tag("claims")
class LmClaimsTest {
    @TestFactory
    Stream<DynamicTest> claims() {
        return ClaimTests.forLine("lm");
    }
}
