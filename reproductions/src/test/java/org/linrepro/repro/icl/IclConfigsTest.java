package org.linrepro.repro.icl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.linrepro.claim.Config;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.util.LinreproException;

/** Bad task configs stop with one message naming the claim and the field. */
class IclConfigsTest {
    private static Config config(String json) throws Exception {
        return IclConfigs.DISTRIBUTION.bind("claim 'x'", (ObjectNode) new ObjectMapper().readTree(json));
    }

    @Test
    void readsTheNonIsotropicAndUniformSettings() throws Exception {
        PromptDistribution d = IclConfigs.distribution(config("{\"d\":4,\"n\":12,\"noise\":0.25,"
                + "\"covarianceDiagonal\":[4,2,1,0.5],\"prior\":\"inverseCovariance\"}"));
        assertEquals(PromptDistribution.Prior.INVERSE_COVARIANCE, d.prior());
        assertEquals(0.25, d.priorCovariance()[0][0], 1e-15);
        PromptDistribution u = IclConfigs.distribution(config("{\"d\":10,\"n\":10,\"noise\":0,"
                + "\"inputs\":\"uniform\",\"halfWidth\":1}"));
        assertEquals(PromptDistribution.Inputs.UNIFORM, u.inputs());
        assertEquals(5.0 / 33, VonOswaldExperiments.closedFormStep(u), 1e-15);
    }

    @Test
    void rejectsBadFieldsWithOneMessage() {
        String[][] bad = {
            {"{\"d\":4,\"n\":12,\"noise\":0,\"covarianceDiagonal\":[1,2]}", "covarianceDiagonal"},
            {"{\"d\":2,\"n\":12,\"noise\":0,\"covarianceMatrix\":[1,2,2,1]}", "covarianceMatrix"},
            {"{\"d\":4,\"n\":12,\"noise\":0,\"prior\":\"flat\"}", "prior"},
            {"{\"d\":4,\"n\":12,\"noise\":0,\"link\":\"sigmoid\"}", "link"},
            {"{\"d\":4,\"n\":12,\"noise\":0,\"inputs\":\"uniform\"}", "halfWidth"},
            {"{\"d\":4,\"n\":12,\"noise\":0,\"inputs\":\"uniform\",\"halfWidth\":1,\"prior\":\"inverseCovariance\"}",
                "inputs"},
            {"{\"d\":0,\"n\":12,\"noise\":0}", "'d'"},
        };
        for (String[] b : bad) {
            LinreproException e = assertThrows(LinreproException.class, () -> IclConfigs.distribution(config(b[0])),
                    b[0]);
            assertTrue(e.getMessage().contains("claim 'x'") && e.getMessage().contains(b[1]), e.getMessage());
        }
    }
}
