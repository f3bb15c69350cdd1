package org.linrepro.util;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Chooses the compute device: {@code cpu} (default) or {@code gpu}; {@code LINREPRO_DEVICE} sets the default. */
public final class Devices {
    private Devices() {}

    public static String defaultName() {
        String env = System.getenv("LINREPRO_DEVICE");
        return env == null || env.isBlank() ? "cpu" : env.trim();
    }

    public static Device select(String name) {
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "cpu":
                return Device.cpu();
            case "gpu":
            case "cuda":
                int gpus = Engine.getInstance().getGpuCount();
                if (gpus == 0) {
                    throw new LinreproException("--device gpu: PyTorch sees no CUDA device. Build with the CUDA natives"
                            + " (./linrepro --gpu ... or mvn -Pgpu package; see README \"Running on a GPU\") on a machine"
                            + " with an NVIDIA driver, or use --device cpu");
                }
                return Device.gpu();
            default:
                throw new LinreproException("unknown device '" + name + "'; use cpu or gpu");
        }
    }
}
