package org.linrepro.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.linrepro.nn.mixer.GlaMixer;
import org.linrepro.nn.mixer.MixerForm;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.nn.mixer.TokenMixer;

class MixerRegistryTest {

    @Test
    void knowsTheRequiredIds() {
        assertTrue(MixerRegistry.ids().containsAll(List.of(
                "softmax", "linear-elu", "performer", "transnormer", "lightning", "retention", "gla", "deltanet",
                "hedgehog", "flowformer")));
    }

    @Test
    void unknownIdListsKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MixerRegistry.create("nope", 8, 2, true));
        for (String id : MixerRegistry.ids()) {
            assertTrue(e.getMessage().contains(id), e.getMessage());
        }
    }

    @Test
    void wrongConfigTypeAndUndefinedDirectionAreClearErrors() {
        assertThrows(IllegalArgumentException.class,
                () -> MixerRegistry.create("softmax", GlaMixer.Config.defaults(8, 2, true)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MixerRegistry.create("retention", 8, 2, false));
        assertTrue(e.getMessage().contains("causal"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MixerRegistry.create("softmax", 10, 3, true));
    }

    @Test
    void blockForwardUsesTheConfiguredForm() {
        try (NDManager m = NDManager.newBaseManager()) {
            TokenMixer mixer = MixerRegistry.create("gla", 8, 2, true);
            mixer.initialize(m, DataType.FLOAT32, new Shape(2, 9, 8));
            NDArray x = m.randomNormal(new Shape(2, 9, 8));
            NDArray y = mixer.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(2, 9, 8), y.getShape());
            assertTrue(MixerTestSupport.rel(y, mixer.mix(x, MixerForm.PARALLEL)) < 1e-4);
            assertThrows(IllegalArgumentException.class, () -> mixer.mix(m.randomNormal(new Shape(2, 9, 7)), MixerForm.PARALLEL));
        }
    }
}
