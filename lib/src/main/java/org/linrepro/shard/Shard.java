package org.linrepro.shard;

import org.linrepro.util.LinreproException;

/** Shard {@code index} of {@code count}, written {@code I/N} with I from 0 (as Slurm array and Kubernetes indices). */
public record Shard(int index, int count) {
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new LinreproException("--shard I/N needs 0 <= I < N, got " + index + "/" + count);
        }
    }

    public static Shard parse(String text) {
        String[] parts = text.trim().split("/");
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new LinreproException("--shard: expected I/N (e.g. 0/3), got '" + text + "'");
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
