package org.linrepro.data.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.linrepro.util.LinreproException;

class TrackingTasksTest {

    @Test
    void parityHandCases() {
        assertEquals(0, Parity.answer(new int[] {2, 1, 2}));
        assertEquals(1, Parity.answer(new int[] {2}));
        assertEquals(0, Parity.answer(new int[] {1, 1, 1}));
        assertEquals(1, Parity.answer(new int[] {1, 2, 2, 2}));
    }

    @Test
    void parityGeneratorFollowsTheOfficialEncoding() {
        List<TrackingExample> xs = new Parity().generate(500, 3, 40, 7);
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        for (TrackingExample x : xs) {
            // length n = n − 1 bits + the answer
            shortest = Math.min(shortest, x.length() + 1);
            longest = Math.max(longest, x.length() + 1);
            for (int t : x.tokens()) {
                assertTrue(t == 1 || t == 2, "bits are tokens 1 and 2");
            }
            assertEquals(Parity.answer(x.tokens()), x.label());
        }
        assertEquals(3, shortest);
        assertEquals(40, longest);
        long ones = xs.stream().filter(x -> x.label() == 1).count();
        assertTrue(ones > 200 && ones < 300, "labels are balanced, got " + ones + " of 500");
    }

    @Test
    void generatorsAreDeterministicInSeed() {
        for (String name : List.of("parity", "mod-arithmetic", "mod-arithmetic-brackets", "S3", "A5")) {
            TrackingTask t = TrackingTask.of(name);
            List<TrackingExample> a = t.generate(50, 3, 40, 11);
            List<TrackingExample> b = t.generate(50, 3, 40, 11);
            List<TrackingExample> c = t.generate(50, 3, 40, 12);
            boolean differs = false;
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).tokens(), b.get(i).tokens(), name);
                assertEquals(a.get(i).label(), b.get(i).label(), name);
                differs |= !java.util.Arrays.equals(a.get(i).tokens(), c.get(i).tokens());
            }
            assertTrue(differs, name + ": another seed gives other sequences");
        }
    }

    @Test
    void modularArithmeticHandCases() {
        // 3 + 4 × 2 = 11 ≡ 1 (× first)
        assertEquals(1, ModularArithmetic.answer(new int[] {8, 1, 9, 3, 7, 4}));
        // 2 − 4 = −2 ≡ 3
        assertEquals(3, ModularArithmetic.answer(new int[] {7, 2, 9, 4}));
        // 1 × 2 × 3 − 4 = 2
        assertEquals(2, ModularArithmetic.answer(new int[] {6, 3, 7, 3, 8, 2, 9, 4}));
        // 4 − 1 × 0 + 2 = 6 ≡ 1
        assertEquals(1, ModularArithmetic.answer(new int[] {9, 2, 6, 3, 5, 1, 7, 4}));
        // a single number
        assertEquals(4, ModularArithmetic.answer(new int[] {9, 4}));
    }

    @Test
    void modularArithmeticSequencesHaveOddLengthAndAlternate() {
        for (TrackingExample x : new ModularArithmetic().generate(300, 3, 40, 3)) {
            int n = x.length() + 1;
            assertEquals(1, n % 2, "odd length");
            assertTrue(n >= 3 && n <= 39);
            int[] t = x.tokens();
            assertEquals(ModularArithmetic.EQUALS, t[t.length - 1]);
            for (int i = 0; i < t.length - 1; i++) {
                assertTrue(i % 2 == 0 ? t[i] >= 5 && t[i] <= 9 : t[i] >= 1 && t[i] <= 3, "alternates at " + i);
            }
            assertTrue(x.label() >= 0 && x.label() < 5);
            assertEquals(ModularArithmetic.answer(t), x.label());
        }
    }

    @Test
    void bracketArithmeticHandCasesAndGenerator() {
        // (3 − (−4)) = 7 ≡ 2
        assertEquals(2, BracketArithmetic.answer(new int[] {8, 3, 6, 8, 6, 4, 9, 9, 10}));
        // −(1 + 2) ... as the generator writes it: (−3) = 2
        assertEquals(2, BracketArithmetic.answer(new int[] {8, 6, 3, 9, 10}));
        // ((1 + 2) − 4) = −1 ≡ 4
        assertEquals(4, BracketArithmetic.answer(new int[] {8, 8, 1, 5, 2, 9, 6, 4, 9, 10}));
        for (int len = 5; len <= 60; len++) {
            for (TrackingExample x : new BracketArithmetic().generate(20, len, len, len)) {
                assertEquals(len - 2, x.length(), "expression of n − 3 tokens and '='");
                assertEquals(BracketArithmetic.answer(x.tokens()), x.label(), "generator value = independent parse");
                for (int t : x.tokens()) {
                    assertTrue(t >= 0 && t <= 10 && t != 7, "vocabulary of 12 without × and padding");
                }
            }
        }
    }

    @Test
    void groupOrdersAndTables() {
        assertEquals(2, PermutationGroup.of("S2").order());
        assertEquals(6, PermutationGroup.of("S3").order());
        assertEquals(24, PermutationGroup.of("S4").order());
        assertEquals(120, PermutationGroup.of("S5").order());
        assertEquals(60, PermutationGroup.of("A5").order());
        for (String name : List.of("S2", "S3", "S4", "A5", "S5")) {
            PermutationGroup g = PermutationGroup.of(name);
            int n = g.order();
            int e = g.identity();
            assertArrayEquals(java.util.stream.IntStream.range(0, g.degree()).toArray(), g.element(e), name);
            for (int a = 0; a < n; a++) {
                assertEquals(a, g.multiply(a, e), name + " right identity");
                assertEquals(a, g.multiply(e, a), name + " left identity");
                int inv = g.inverse(a);
                assertEquals(e, g.multiply(inv, a), name + " left inverse");
                for (int b = 0; b < n; b++) {
                    int ab = g.multiply(a, b);
                    assertTrue(ab >= 0 && ab < n, name + " closure");
                    for (int c = 0; c < n; c += name.equals("S5") ? 7 : 1) {
                        assertEquals(g.multiply(ab, c), g.multiply(a, g.multiply(b, c)), name + " associativity");
                    }
                }
                // each row of a group table is a permutation of the elements (Latin square)
                assertEquals(n, java.util.Arrays.stream(g.multiplyRow(a)).distinct().count(), name + " row " + a);
            }
        }
    }

    @Test
    void s3HandProductsAndNonCommutativity() {
        PermutationGroup s3 = PermutationGroup.of("S3");
        // lexicographic: 0 = 012, 1 = 021, 2 = 102, 3 = 120, 4 = 201, 5 = 210
        assertArrayEquals(new int[] {0, 2, 1}, s3.element(1));
        assertArrayEquals(new int[] {1, 0, 2}, s3.element(2));
        assertEquals(3, s3.multiply(1, 2)); // i ↦ e2[e1[i]] = 1 2 0
        assertEquals(4, s3.multiply(2, 1)); // 2 0 1
        assertNotEquals(s3.multiply(1, 2), s3.multiply(2, 1));
        assertEquals(4, s3.inverse(3)); // the two 3-cycles are each other's inverse
        assertEquals(0, s3.product(new int[] {3, 3, 3}));
        assertEquals(5, s3.product(new int[] {5}));
    }

    @Test
    void alternatingGroupHasOnlyEvenPermutations() {
        PermutationGroup a5 = PermutationGroup.of("A5");
        PermutationGroup s5 = PermutationGroup.of("S5");
        java.util.Set<String> even = new java.util.HashSet<>();
        for (int k = 0; k < a5.order(); k++) {
            even.add(java.util.Arrays.toString(a5.element(k)));
        }
        int count = 0;
        for (int k = 0; k < s5.order(); k++) {
            int[] p = s5.element(k);
            int inv = 0;
            for (int i = 0; i < 5; i++) {
                for (int j = i + 1; j < 5; j++) {
                    inv += p[i] > p[j] ? 1 : 0;
                }
            }
            assertEquals(inv % 2 == 0, even.contains(java.util.Arrays.toString(p)));
            count += inv % 2 == 0 ? 1 : 0;
        }
        assertEquals(60, count);
    }

    @Test
    void wordProblemOfS2IsParity() {
        WordProblem s2 = new WordProblem(PermutationGroup.of("S2"));
        for (TrackingExample x : s2.generate(200, 1, 30, 5)) {
            int swaps = 0;
            for (int t : x.tokens()) {
                swaps += t;
            }
            assertEquals(swaps % 2, x.label());
        }
    }

    @Test
    void wordProblemLabelsAreTheLeftToRightProduct() {
        WordProblem s3 = (WordProblem) TrackingTask.of("S3");
        assertEquals(6, s3.vocabulary());
        assertEquals(1.0 / 6, s3.chance(), 1e-15);
        for (TrackingExample x : s3.generate(100, 1, 20, 9)) {
            int acc = 0;
            for (int t : x.tokens()) {
                acc = s3.group().multiply(acc, t);
            }
            assertEquals(acc, x.label());
        }
    }

    @Test
    void scaledAccuracyAndBadInput() {
        TrackingTask p = TrackingTask.of("parity");
        assertEquals(0.0, p.scaled(0.5), 1e-15);
        assertEquals(1.0, p.scaled(1.0), 1e-15);
        assertEquals(0.5, TrackingTask.of("mod-arithmetic").scaled(0.6), 1e-12);
        assertThrows(LinreproException.class, () -> TrackingTask.of("parityy"));
        assertThrows(LinreproException.class, () -> p.generate(10, 5, 4, 1));
        assertThrows(LinreproException.class, () -> PermutationGroup.of("S9"));
    }
}
