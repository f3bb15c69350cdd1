package org.linrepro.nn.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HiPPOTest {

    @Test
    void legsClosedForm() {
        double[][] a = HiPPO.legsA(4);
        assertEquals(-1.0, a[0][0]);
        assertEquals(-4.0, a[3][3]);
        assertEquals(-Math.sqrt(5) * Math.sqrt(3), a[2][1], 1e-15);
        assertEquals(0.0, a[1][2]);
        assertEquals(Math.sqrt(7), HiPPO.legsB(4)[3], 1e-15);
    }

    /**
     * S4D-LegS: the normal part S = A + PP^T + I/2 is skew; its eigenvalues ±iω satisfy
     * Σ 2ω² = ‖S‖_F², and B̃ = V^*B preserves the norm: Σ 2|B̃|² = ‖B‖² (V unitary, conjugate pairs).
     */
    @Test
    void s4dLegsSpectrumAndBasis() {
        int n = 16;
        double[][] init = HiPPO.s4dLegs(n);
        double[][] a = HiPPO.legsA(n);
        double[] p = HiPPO.legsP(n);
        double fro = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double s = a[i][k] + p[i] * p[k] + (i == k ? 0.5 : 0);
                fro += s * s;
                if (i == k) {
                    assertEquals(0.0, s, 1e-12);
                }
            }
        }
        double omegas = 0;
        double bt = 0;
        for (int j = 0; j < n / 2; j++) {
            assertEquals(-0.5, init[0][j]);
            omegas += 2 * init[1][j] * init[1][j];
            bt += 2 * (init[2][j] * init[2][j] + init[3][j] * init[3][j]);
        }
        double bn = 0;
        for (double v : HiPPO.legsB(n)) {
            bn += v * v;
        }
        assertEquals(fro, omegas, 1e-8 * fro);
        assertEquals(bn, bt, 1e-8 * bn);
    }
}
