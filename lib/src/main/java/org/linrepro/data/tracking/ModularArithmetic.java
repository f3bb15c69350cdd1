package org.linrepro.data.tracking;

import java.util.SplittableRandom;

/**
 * Modular arithmetic without brackets as the official code defines it ({@code tasks/modular_arithmetic.py},
 * vocabulary 10, modulus 5; CATALOGUE ST-7): ids 0 padding, 1 '+', 2 '−', 3 '×', 4 '=', 5..9 the numbers 0..4. A
 * sequence alternates numbers and uniformly drawn operators, ends with '=' and the answer, so its length is odd
 * (an even length is rounded down, which gives the official distribution over odd lengths); '×' binds tighter than
 * '+' and '−'. The model reads up to '=' and answers there.
 */
public final class ModularArithmetic implements TrackingTask {
    public static final int MODULUS = 5;
    public static final int PLUS = 1;
    public static final int MINUS = 2;
    public static final int TIMES = 3;
    public static final int EQUALS = 4;
    public static final int FIRST_NUMBER = 5;

    @Override
    public String name() {
        return "mod-arithmetic";
    }

    @Override
    public int vocabulary() {
        return 10;
    }

    @Override
    public int classes() {
        return MODULUS;
    }

    @Override
    public int minimumLength() {
        return 3;
    }

    @Override
    public TrackingExample sample(int length, SplittableRandom random) {
        int size = length % 2 == 0 ? length - 1 : length; // number (op number)* '=' answer
        int[] t = new int[size - 1];
        for (int i = 0; i < t.length - 1; i++) {
            t[i] = i % 2 == 0 ? FIRST_NUMBER + random.nextInt(MODULUS) : PLUS + random.nextInt(3);
        }
        t[t.length - 1] = EQUALS;
        return new TrackingExample(t, answer(t));
    }

    /** Value mod 5 of "n op n … op n =" with '×' before '+'/'−'. */
    public static int answer(int[] tokens) {
        long total = 0;
        long term = tokens[0] - FIRST_NUMBER;
        int sign = 1;
        for (int i = 1; i + 1 < tokens.length; i += 2) {
            int op = tokens[i];
            int n = tokens[i + 1] - FIRST_NUMBER;
            if (op == TIMES) {
                term = term * n % MODULUS;
            } else {
                total += sign * term;
                term = n;
                sign = op == MINUS ? -1 : 1;
            }
        }
        total += sign * term;
        return (int) Math.floorMod(total, MODULUS);
    }
}
