package org.linrepro.util;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions recorded in every verdict: linrepro, Java, DJL, PyTorch natives. */
public final class Versions {
    public static final String LINREPRO = "0.1.0-SNAPSHOT";
    public static final String DJL = "0.35.1";
    public static final String PYTORCH = "2.7.1";

    private Versions() {}

    public static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("linrepro", LINREPRO);
        m.put("java", System.getProperty("java.version"));
        m.put("djl", DJL);
        m.put("pytorch", PYTORCH);
        m.put("os", System.getProperty("os.name") + "-" + System.getProperty("os.arch"));
        return m;
    }
}
