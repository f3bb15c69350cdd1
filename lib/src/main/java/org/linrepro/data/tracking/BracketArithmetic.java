package org.linrepro.data.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Modular arithmetic with brackets as the official code defines it ({@code tasks/modular_arithmetic_with_brackets.py},
 * vocabulary 12, modulus 5, no multiplication; CATALOGUE ST-7): ids 0..4 the numbers, 5 '+', 6 '−', 7 '×' (unused),
 * 8 '(', 9 ')', 10 '=', 11 padding. An expression of length m is built recursively: m ≥ 5 splits into
 * "(left op right)" with a uniform left length in [1, m − 4] and a uniform op in {+, −}; shorter ones are
 * "n", "−n", "(n)" or "(−n)". A sequence of length n (at least 5) is an expression of length n − 3, '=', the answer
 * and one padding token; the model reads up to '=' and answers there.
 */
public final class BracketArithmetic implements TrackingTask {
    public static final int MODULUS = 5;
    public static final int PLUS = 5;
    public static final int MINUS = 6;
    public static final int OPEN = 8;
    public static final int CLOSE = 9;
    public static final int EQUALS = 10;

    @Override
    public String name() {
        return "mod-arithmetic-brackets";
    }

    @Override
    public int vocabulary() {
        return 12;
    }

    @Override
    public int classes() {
        return MODULUS;
    }

    @Override
    public int minimumLength() {
        return 5;
    }

    @Override
    public TrackingExample sample(int length, SplittableRandom random) {
        List<Integer> out = new ArrayList<>();
        int value = expression(length - 3, random, out);
        out.add(EQUALS);
        int[] t = out.stream().mapToInt(Integer::intValue).toArray();
        return new TrackingExample(t, value);
    }

    /** Appends an expression of exactly {@code length} tokens; returns its value mod 5. */
    private static int expression(int length, SplittableRandom random, List<Integer> out) {
        if (length < 5) {
            int n = random.nextInt(MODULUS);
            switch (length) {
                case 1 -> out.add(n);
                case 2 -> out.addAll(List.of(MINUS, n));
                case 3 -> out.addAll(List.of(OPEN, n, CLOSE));
                case 4 -> out.addAll(List.of(OPEN, MINUS, n, CLOSE));
                default -> throw new IllegalArgumentException("expression length must be ≥ 1, got " + length);
            }
            return length % 2 == 0 ? Math.floorMod(-n, MODULUS) : n;
        }
        int left = 1 + random.nextInt(length - 4);
        int right = length - left - 3;
        out.add(OPEN);
        int a = expression(left, random, out);
        int opAt = out.size();
        out.add(PLUS); // placeholder; the operator is drawn after both operands, as the official code does
        int b = expression(right, random, out);
        boolean plus = random.nextInt(2) == 0;
        out.set(opAt, plus ? PLUS : MINUS);
        out.add(CLOSE);
        return Math.floorMod(plus ? a + b : a - b, MODULUS);
    }

    /** Value mod 5 of a token sequence "expression =" (a small recursive-descent evaluator, for tests). */
    public static int answer(int[] tokens) {
        int[] pos = {0};
        int v = sum(tokens, pos);
        if (tokens[pos[0]] != EQUALS) {
            throw new IllegalArgumentException("expected '=' at " + pos[0]);
        }
        return v;
    }

    private static int sum(int[] t, int[] pos) {
        int v = unary(t, pos);
        while (t[pos[0]] == PLUS || t[pos[0]] == MINUS) {
            boolean plus = t[pos[0]++] == PLUS;
            int w = unary(t, pos);
            v = Math.floorMod(plus ? v + w : v - w, MODULUS);
        }
        return v;
    }

    private static int unary(int[] t, int[] pos) {
        if (t[pos[0]] == MINUS) {
            pos[0]++;
            return Math.floorMod(-unary(t, pos), MODULUS);
        }
        if (t[pos[0]] == OPEN) {
            pos[0]++;
            int v = sum(t, pos);
            if (t[pos[0]++] != CLOSE) {
                throw new IllegalArgumentException("expected ')' at " + (pos[0] - 1));
            }
            return v;
        }
        int n = t[pos[0]++];
        if (n < 0 || n >= MODULUS) {
            throw new IllegalArgumentException("expected a number at " + (pos[0] - 1) + ", got id " + n);
        }
        return n;
    }
}
