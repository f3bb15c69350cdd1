package org.linrepro.claim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.util.AtomicFiles;
import org.linrepro.util.LinreproException;

/**
 * Append-only JSON-lines record of verdicts, so drift between runs stays visible. Each append rewrites the file
 * through a temporary file and an atomic rename: a crash never leaves a half-written line.
 */
public final class Ledger {
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;

    public Ledger(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized void append(Verdict v) {
        try {
            String line = JSON.writeValueAsString(v) + "\n";
            byte[] old = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            byte[] add = line.getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[old.length + add.length];
            System.arraycopy(old, 0, all, 0, old.length);
            System.arraycopy(add, 0, all, old.length, add.length);
            AtomicFiles.write(file, all);
        } catch (IOException e) {
            throw new LinreproException("cannot write ledger " + file + ": " + e.getMessage(),
                    LinreproException.FAILED, e);
        }
    }

    /** All verdicts in order. A malformed line is an error naming the file and line. */
    public List<Verdict> readAll() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Verdict> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.isBlank()) {
                    continue;
                }
                try {
                    out.add(JSON.readValue(l, Verdict.class));
                } catch (JsonProcessingException e) {
                    throw new LinreproException(file + ": line " + (i + 1) + " is not a verdict: "
                            + e.getOriginalMessage());
                }
            }
        } catch (IOException e) {
            throw new LinreproException("cannot read ledger " + file + ": " + e.getMessage());
        }
        return out;
    }

    /** The newest verdict of each claim, in order of first appearance. */
    public List<Verdict> latest() {
        Map<String, Verdict> m = new LinkedHashMap<>();
        for (Verdict v : readAll()) {
            m.put(v.claimId(), v);
        }
        return List.copyOf(m.values());
    }

}
