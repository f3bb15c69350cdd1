package org.linrepro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** linrepro plan: pilots in child processes at the claim's exact config, rows for missing data. */
class PlanCommandTest {

    @Test
    void pilotsMeasureTheExactConfig() throws Exception {
        MainTest.Run r = MainTest.run("plan", "--format", "json", "--pilot-steps", "2",
                "mahankali-iso-trained-loss-d5-n10-s0", "lra-quick-listops-softmax-above-majority",
                "lora-roberta-base-sst2-paper");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode lsa = doc.get("rows").get(0);
        assertEquals("ok", lsa.get("status").asText(), lsa.toString());
        // LinearSelfAttentionRegressor at d = 5: p has d + 1 entries, K (d + 1) x d
        assertEquals(6 + 30, lsa.get("parameters").asLong(), lsa.toString());
        assertEquals(3000, lsa.get("steps").asLong());
        assertTrue(lsa.get("secondsPerStep").asDouble() > 0 && lsa.get("peakBytes").asLong() > 0, lsa.toString());
        assertEquals("pilot", lsa.get("estimate").asText());
        JsonNode lra = doc.get("rows").get(1);
        assertEquals("ok", lra.get("status").asText(), lra.toString());
        assertTrue(lra.get("parameters").asLong() > 1000 && lra.get("tokensPerStep").asLong() > 0, lra.toString());
        JsonNode roberta = doc.get("rows").get(2);
        if (System.getenv("LINREPRO_ROBERTA_BASE") == null) {
            assertEquals("no data", roberta.get("status").asText(), roberta.toString());
            assertTrue(roberta.get("note").asText().contains("LINREPRO_ROBERTA_BASE"), roberta.toString());
        }
        assertEquals(3, doc.get("totals").get("claims").asInt());
        double sum = lsa.get("deviceHours").asDouble() + lra.get("deviceHours").asDouble();
        assertEquals(sum, doc.get("totals").get("deviceHours").asDouble(), 1e-12);
    }

    @Test
    void tableHasTotals() {
        MainTest.Run r = MainTest.run("plan", "--no-pilot", "mahankali-iso-trained-loss-d5-n10-s0");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("mahankali-iso-trained-loss-d5-n10-s0") && r.out().contains("ok (counts)"), r.out());
        assertTrue(r.out().contains("Total on cpu(): "), r.out());
    }
}
