package org.linrepro.repro.zoo;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.linrepro.repro.ClaimTests;

/** Every attention-zoo / state-space claim of the selected tiers, one dynamic test per claim id. */
@Tag("claims")
class ZooClaimsTest {
    @TestFactory
    Stream<DynamicTest> claims() {
        return ClaimTests.forLine("zoo");
    }
}
