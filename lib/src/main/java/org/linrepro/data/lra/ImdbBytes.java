package org.linrepro.data.lra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.data.DataException;
import org.linrepro.data.DataRoot;

/**
 * LRA Text: IMDB reviews at byte level (CATALOGUE LRA-T3; 2 classes; the IMDB test split serves as validation and
 * test, as in the LRA code). Reads the mirror's {@code imdb/{train,test}.jsonl.gz} ({@code {"text", "label"}} per
 * line, all negatives first, so callers shuffle). Max length 1000 in the LRA config, 4096 in the TransNormer/S4 ones.
 */
public final class ImdbBytes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImdbBytes() {}

    /** Every review of {@code split} ("train" or "test"), byte tokens truncated to {@code maxLength}. */
    public static List<TokenExample> load(DataRoot root, String split, int maxLength) {
        if (!split.equals("train") && !split.equals("test")) {
            throw new DataException("IMDB split must be train or test, got '" + split + "'");
        }
        String rel = "imdb/" + split + ".jsonl.gz";
        List<TokenExample> out = new ArrayList<>(25_000);
        try (BufferedReader r = root.openGzipReader(rel)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                JsonNode o = JSON.readTree(line);
                if (o == null || !o.has("text") || !o.has("label")) {
                    throw new DataException(rel + ": line " + n + " lacks 'text' or 'label'");
                }
                out.add(new TokenExample(ByteTokens.encode(o.get("text").asText(), maxLength), o.get("label").asInt()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(rel + ": " + e.getMessage(), e);
        }
        return out;
    }
}
