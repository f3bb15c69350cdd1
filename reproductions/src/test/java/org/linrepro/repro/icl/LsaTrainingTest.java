package org.linrepro.repro.icl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.linrepro.run.Progress;
import org.linrepro.train.TrainingDivergedException;

class LsaTrainingTest {
    @Test
    void divergenceStopsWithOneClearMessage() {
        try (NDManager m = NDManager.newBaseManager()) {
            LsaTraining.Settings s = new LsaTraining.Settings(4, 8, 0.0, 200, 64, 1e30, 1e10, 1);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> LsaTraining.train(m, s, Progress.NONE).close());
            assertTrue(e.getMessage().contains("became") && e.getMessage().contains("at step"), e.getMessage());
            assertTrue(e.exitCode() == 1);
        }
    }
}
