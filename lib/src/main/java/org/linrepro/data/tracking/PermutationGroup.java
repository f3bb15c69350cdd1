package org.linrepro.data.tracking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.util.LinreproException;

/**
 * A permutation group (S_n or its alternating subgroup A_n) with its elements indexed 0..order−1 in lexicographic
 * order of their images (the identity is element 0) and a precomputed multiplication table.
 *
 * <p>Convention: an element is the map i ↦ p[i]; {@code multiply(a, b)} is "a, then b", i.e. (a·b)[i] = b[a[i]], so a
 * word x_1 … x_t multiplies left to right, the DeltaProduct state-tracking code's prefix reduction
 * (repo {@code automl/DeltaProduct}, {@code state_tracking/src/generate_data.py}).
 */
public final class PermutationGroup {
    private final String name;
    private final int degree;
    private final List<int[]> elements;
    private final int[][] table;

    private PermutationGroup(String name, int degree, boolean evenOnly) {
        this.name = name;
        this.degree = degree;
        this.elements = new ArrayList<>();
        permutations(new int[degree], new boolean[degree], 0, evenOnly);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < elements.size(); i++) {
            index.put(Arrays.toString(elements.get(i)), i);
        }
        int n = elements.size();
        table = new int[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                int[] pa = elements.get(a);
                int[] pb = elements.get(b);
                int[] c = new int[degree];
                for (int i = 0; i < degree; i++) {
                    c[i] = pb[pa[i]];
                }
                Integer k = index.get(Arrays.toString(c));
                if (k == null) {
                    throw new IllegalStateException(name + " is not closed: " + Arrays.toString(c));
                }
                table[a][b] = k;
            }
        }
    }

    /** {@code S2}…{@code S6} (symmetric) or {@code A3}…{@code A6} (alternating). */
    public static PermutationGroup of(String name) {
        if (name == null || !name.matches("[SA][2-6]")) {
            throw new LinreproException("unknown permutation group '" + name + "'; use S2..S6 or A3..A6");
        }
        int n = name.charAt(1) - '0';
        if (name.charAt(0) == 'A' && n < 3) {
            throw new LinreproException("A" + n + " is trivial; use A3..A6");
        }
        return new PermutationGroup(name, n, name.charAt(0) == 'A');
    }

    private void permutations(int[] p, boolean[] used, int at, boolean evenOnly) {
        if (at == p.length) {
            if (!evenOnly || inversions(p) % 2 == 0) {
                elements.add(p.clone());
            }
            return;
        }
        for (int v = 0; v < p.length; v++) {
            if (!used[v]) {
                used[v] = true;
                p[at] = v;
                permutations(p, used, at + 1, evenOnly);
                used[v] = false;
            }
        }
    }

    private static int inversions(int[] p) {
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = i + 1; j < p.length; j++) {
                n += p[i] > p[j] ? 1 : 0;
            }
        }
        return n;
    }

    public String name() {
        return name;
    }

    public int degree() {
        return degree;
    }

    public int order() {
        return elements.size();
    }

    /** The images of element {@code k} (a copy). */
    public int[] element(int k) {
        return elements.get(k).clone();
    }

    /** Index of the identity (always 0: the lexicographically first permutation). */
    public int identity() {
        return 0;
    }

    /** "a, then b". */
    public int multiply(int a, int b) {
        return table[a][b];
    }

    /** Row {@code a} of the multiplication table (a copy): a·0, …, a·(order−1). */
    public int[] multiplyRow(int a) {
        return table[a].clone();
    }

    public int inverse(int a) {
        for (int b = 0; b < order(); b++) {
            if (table[a][b] == identity()) {
                return b;
            }
        }
        throw new IllegalStateException(name + ": element " + a + " has no inverse");
    }

    /** Product of a word, left to right, from the identity. */
    public int product(int[] word) {
        int acc = identity();
        for (int x : word) {
            acc = multiply(acc, x);
        }
        return acc;
    }
}
