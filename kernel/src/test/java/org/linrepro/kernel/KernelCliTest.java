package org.linrepro.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class KernelCliTest {

    @TempDir
    Path tmp;

    private int run(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return KernelCli.run(args, ps, ps);
    }

    @Test
    void installsAndUninstallsIntoAPrefix() throws Exception {
        Path jar = Files.writeString(tmp.resolve("linrepro-kernel.jar"), "");
        Path prefix = tmp.resolve("prefix");
        assertEquals(0, run("install", "--prefix", prefix.toString(), "--jar", jar.toString(),
                "--classpath", "/opt/x.jar:rel/lib/*", "--jvm-opt", "-Xmx2g"));
        Path spec = prefix.resolve("share/jupyter/kernels/java/kernel.json");
        JsonObject json = JsonParser.parseString(Files.readString(spec)).getAsJsonObject();
        assertEquals("Java (linrepro)", json.get("display_name").getAsString());
        assertEquals("java", json.get("language").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        List<String> argv = new ArrayList<>();
        JsonArray a = json.getAsJsonArray("argv");
        a.forEach(e -> argv.add(e.getAsString()));
        assertTrue(argv.get(0).endsWith("java"), argv.toString());
        assertTrue(argv.contains("-Dai.djl.offline=true"), argv.toString());
        assertTrue(argv.contains("-Xmx2g"), argv.toString());
        assertEquals(List.of("-jar", jar.toAbsolutePath().toString(), "{connection_file}"),
                argv.subList(argv.size() - 3, argv.size()));
        JsonObject env = json.getAsJsonObject("env");
        assertEquals("true", env.get("OPT_OUT_TRACKING").getAsString());
        String cp = env.get("LINREPRO_KERNEL_CLASSPATH").getAsString();
        assertTrue(cp.startsWith("/opt/x.jar:/"), cp);
        assertTrue(cp.endsWith("/rel/lib/*"), cp);

        assertEquals(0, run("install", "--prefix", prefix.toString(), "--jar", jar.toString()));
        assertEquals(0, run("uninstall", "--prefix", prefix.toString()));
        assertFalse(Files.exists(spec.getParent()));
        assertEquals(0, run("uninstall", "--prefix", prefix.toString()));
    }

    @Test
    void leavesForeignKernelspecsAloneWithoutForce() throws Exception {
        Path jar = Files.writeString(tmp.resolve("k.jar"), "");
        Path dir = Files.createDirectories(tmp.resolve("p/share/jupyter/kernels/java"));
        Files.writeString(dir.resolve("kernel.json"), "{\"argv\": [\"java\", \"-jar\", \"ijava.jar\"], \"display_name\": \"Java\"}");
        assertEquals(1, run("install", "--prefix", tmp.resolve("p").toString(), "--jar", jar.toString()));
        assertEquals(1, run("uninstall", "--prefix", tmp.resolve("p").toString()));
        assertTrue(Files.exists(dir.resolve("kernel.json")));
        assertEquals(0, run("install", "--prefix", tmp.resolve("p").toString(), "--jar", jar.toString(), "--force"));
        assertTrue(Files.readString(dir.resolve("kernel.json")).contains("linrepro"));
    }

    @Test
    void rejectsBadArguments() {
        assertEquals(1, run("install", "--user", "--prefix", "/x"));
        assertEquals(1, run("install", "--bogus"));
        assertEquals(1, run("frobnicate"));
        assertEquals(1, run("install", "--prefix", tmp.toString(), "--jar", tmp.resolve("missing.jar").toString()));
    }
}
