package org.linrepro.nn.adapters;

import java.util.Arrays;

/** A named parameter tensor's shape; counts are products of shapes, never a formula typed in by hand. */
public record ParameterSpec(String name, long... shape) {
    public long count() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
