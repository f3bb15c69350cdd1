package org.linrepro.cluster;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for the bash scripts the engines write. */
final class Shell {
    private Shell() {}

    /** Single-quoted unless plainly safe; an embedded ' becomes '\''. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Quotes each word but leaves {@code $VAR} / {@code ${VAR}} references expandable. */
    static String command(List<String> words) {
        return words.stream().map(w -> w.contains("$") ? "\"" + w.replace("\"", "\\\"") + "\"" : quote(w))
                .collect(Collectors.joining(" "));
    }
}
