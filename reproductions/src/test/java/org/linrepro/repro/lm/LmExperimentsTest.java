package org.linrepro.repro.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.Config;
import org.linrepro.run.Progress;
import org.linrepro.claim.RunContext;
import org.linrepro.util.LinreproException;

class LmExperimentsTest {

    @Test
    void claimFilesLoadAndEveryQuickClaimSaysWhatWasScaled() {
        ClaimCatalog cat = ClaimCatalog.of(List.of(new LmExperiments()));
        assertTrue(cat.all().size() >= 10);
        for (Claim c : cat.all()) {
            if (c.tier() == org.linrepro.claim.Tier.QUICK) {
                assertTrue(c.scaled() != null && !c.scaled().isBlank(), c.id());
            }
        }
    }

    @Test
    void badMixerIdNamesTheField() throws Exception {
        ClaimCatalog cat = ClaimCatalog.of(List.of(new LmExperiments()));
        Claim base = cat.byId("transnormer-beats-linear-elu-wt2-quick");
        ObjectNode cfg = base.config().json();
        cfg.put("better", "transnormr");
        Config bad = base.config().with(base.id(), cfg);
        LinreproException e = assertThrows(LinreproException.class, () -> LmExperiments.mixerGap(
                new RunContext(base, bad, 1, Device.cpu(), Progress.NONE)));
        assertTrue(e.getMessage().contains("'better'"), e.getMessage());
    }

    @Test
    void distillationIsDeterministicForASeed() {
        AttentionDistillation.Settings s = new AttentionDistillation.Settings(4, 8, 2, 2, 2.0, 5, 0.01, 3);
        AttentionDistillation.Result a = AttentionDistillation.run(s, Device.cpu(), Progress.NONE);
        AttentionDistillation.Result b = AttentionDistillation.run(s, Device.cpu(), Progress.NONE);
        assertEquals(a.klHedgehog(), b.klHedgehog(), 0.0);
        assertTrue(a.entropySoftmax() > 0 && a.klElu() > 0, a.toString());
    }

    @Test
    void paperConfigAccumulatesMicroBatchesAndAdaptiveSoftmaxIsSelectable() {
        ClaimCatalog cat = ClaimCatalog.of(List.of(new LmExperiments()));
        LmRuns.Setup paper = LmRuns.Setup.of(cat.byId("transnormer-beats-softmax-wt103-paper").config());
        assertEquals(16, paper.accumulate());
        assertEquals(org.linrepro.train.LmTrainer.Schedule.FAIRSEQ_INVERSE_SQRT, paper.training("softmax", 1).schedule());
        assertEquals(8, paper.training("softmax", 1).batch() / paper.training("softmax", 1).accumulate());
        assertTrue(paper.model(267_735, "transnormer").tied() && !paper.model(267_735, "transnormer").adaptive());

        Config quick = cat.byId("transnormer-beats-linear-elu-wt2-quick").config();
        ObjectNode cfg = quick.json();
        cfg.putArray("adaptiveCutoffs").add(200).add(1000);
        cfg.put("adaptiveFactor", 2);
        LmRuns.Setup s = LmRuns.Setup.of(quick.with("t", cfg));
        org.linrepro.nn.lm.LmConfig m = s.model(2000, "softmax");
        assertTrue(m.adaptive() && !m.tied(), m.toString());
        assertEquals(List.of(200, 1000), m.adaptiveCutoffs());
        cfg.put("accumulate", 3); // does not divide the batch of 16
        LinreproException e = assertThrows(LinreproException.class, () -> LmRuns.Setup.of(quick.with("t", cfg)));
        assertTrue(e.getMessage().contains("'accumulate'"), e.getMessage());
    }
}
