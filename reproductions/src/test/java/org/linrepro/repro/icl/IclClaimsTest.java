package org.linrepro.repro.icl;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.linrepro.repro.ClaimTests;

/** Every in-context-regression claim of the selected tiers, one dynamic test per claim id. */
@Tag("claims")
class IclClaimsTest {
    @TestFactory
    Stream<DynamicTest> claims() {
        return ClaimTests.forLine("icl");
    }
}
