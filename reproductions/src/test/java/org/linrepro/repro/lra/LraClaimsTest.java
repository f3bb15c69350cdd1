package org.linrepro.repro.lra;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.linrepro.repro.ClaimTests;

/** Every Long Range Arena claim of the selected tiers, one dynamic test per claim id. */
@Tag("claims")
class LraClaimsTest {
    @TestFactory
    Stream<DynamicTest> claims() {
        return ClaimTests.forLine("lra");
    }
}
