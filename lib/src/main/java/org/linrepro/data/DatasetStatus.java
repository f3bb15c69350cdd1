package org.linrepro.data;

import java.util.List;

/**
 * What the data root holds of one dataset.
 *
 * @param name           dataset name
 * @param description    dataset description
 * @param state          overall state, see {@link State}
 * @param missingFiles   relative paths of files that are absent
 * @param corruptFiles   relative paths of files whose sha256 differs from the shipped checksum (or that cannot be read)
 * @param uncheckedFiles relative paths of present files for which no checksum is known (WikiText-103 train, AAN)
 * @param fetchCommand   the command that fetches the dataset, {@code ./linrepro data fetch <name>}
 * @param totalBytes     total size of the files that are present
 */
public record DatasetStatus(String name, String description, State state, List<String> missingFiles,
                            List<String> corruptFiles, List<String> uncheckedFiles, String fetchCommand,
                            long totalBytes) {

    public enum State {
        /** Every file present and matching its shipped sha256. */
        VERIFIED,
        /** Every file present; those with a known checksum match it, the others could not be checked. Usable. */
        UNCHECKED,
        /** Some files present (and fine), others missing. */
        PARTIAL,
        /** No file present. */
        MISSING,
        /** At least one file does not match its checksum or cannot be read. */
        CORRUPT
    }

    public DatasetStatus {
        missingFiles = List.copyOf(missingFiles);
        corruptFiles = List.copyOf(corruptFiles);
        uncheckedFiles = List.copyOf(uncheckedFiles);
    }

    /** True when every file is present and none failed verification ({@link State#VERIFIED} or {@link State#UNCHECKED}). */
    public boolean available() {
        return state == State.VERIFIED || state == State.UNCHECKED;
    }

    /**
     * One line of detail without the dataset name and without the fetch command (see {@link #fetchCommand()}), e.g.
     * {@code PARTIAL, 0.8 MB; missing: wikitext-103/wiki.train.tokens.gz}.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(state);
        if (totalBytes > 0) {
            sb.append(String.format(java.util.Locale.ROOT, ", %.1f MB", totalBytes / 1e6));
        }
        if (!corruptFiles.isEmpty()) {
            sb.append("; corrupt: ").append(String.join(", ", corruptFiles));
        }
        if (!missingFiles.isEmpty()) {
            sb.append("; missing: ").append(String.join(", ", missingFiles));
        }
        if (!uncheckedFiles.isEmpty()) {
            sb.append("; no known checksum for: ").append(String.join(", ", uncheckedFiles));
        }
        return sb.toString();
    }
}
