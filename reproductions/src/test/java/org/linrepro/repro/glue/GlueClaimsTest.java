package org.linrepro.repro.glue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.linrepro.repro.ClaimTests;

/** Every claim of the adapter line of the selected tiers, one dynamic test per claim id. */
@Tag("claims")
class GlueClaimsTest {
    @TestFactory
    Stream<DynamicTest> claims() {
        return ClaimTests.forLine("glue");
    }
}
