package org.linrepro.repro.tracking;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.linrepro.repro.ClaimTests;

/** Every state-tracking claim of the selected tiers, one dynamic test per claim id. */
@Tag("claims")
class TrackingClaimsTest {
    @TestFactory
    Stream<DynamicTest> claims() {
        return ClaimTests.forLine("tracking");
    }
}
