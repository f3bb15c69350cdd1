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

import com.fasterxml.jackson.databind.JsonNode;

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
        JsonNode json = Json.parse(Files.readString(spec));
        assertEquals("Java (linrepro)", json.get("display_name").asText());
        assertEquals("java", json.get("language").asText());
        assertEquals("message", json.get("interrupt_mode").asText());
        List<String> argv = new ArrayList<>();
        json.get("argv").forEach(e -> argv.add(e.asText()));
        assertTrue(argv.get(0).endsWith("java"), argv.toString());
        assertTrue(argv.contains("-Dai.djl.offline=true"), argv.toString());
        assertTrue(argv.contains("-Xmx2g"), argv.toString());
        assertEquals(List.of("-jar", jar.toAbsolutePath().toString(), "{connection_file}"),
                argv.subList(argv.size() - 3, argv.size()));
        JsonNode env = json.get("env");
        assertEquals("true", env.get("OPT_OUT_TRACKING").asText());
        String cp = env.get("LINREPRO_KERNEL_CLASSPATH").asText();
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

    @Test
    void userInstallFollowsJupytersDataDirRules() {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("HOME", "/home/from-env");
        assertEquals(Path.of("/home/from-env/.local/share/jupyter"), KernelCli.userDataDir(env::get, "Linux"),
                "HOME of the environment, not the passwd home of user.home");
        assertEquals(Path.of("/home/from-env/Library/Jupyter"), KernelCli.userDataDir(env::get, "Mac OS X"));
        env.put("XDG_DATA_HOME", "/xdg");
        assertEquals(Path.of("/xdg/jupyter"), KernelCli.userDataDir(env::get, "Linux"));
        env.put("JUPYTER_DATA_DIR", "/explicit");
        assertEquals(Path.of("/explicit"), KernelCli.userDataDir(env::get, "Linux"));
        assertEquals(Path.of("C:/Users/u/AppData/Roaming/jupyter"),
                KernelCli.userDataDir(java.util.Map.of("APPDATA", "C:/Users/u/AppData/Roaming")::get, "Windows 11"));
    }

    @Test
    void userInstallWritesUnderJupyterDataDirWithLogos() throws Exception {
        Path jar = Files.writeString(tmp.resolve("linrepro-kernel.jar"), "");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        java.util.Map<String, String> env = java.util.Map.of("HOME", tmp.resolve("home").toString());
        assertEquals(0, KernelCli.run(new String[] {"install", "--user", "--jar", jar.toString()}, ps, ps, env::get),
                sink.toString());
        Path dir = tmp.resolve("home/.local/share/jupyter/kernels/java");
        assertTrue(Files.isRegularFile(dir.resolve("kernel.json")), sink.toString());
        for (int size : new int[] {32, 64}) {
            java.awt.image.BufferedImage logo = javax.imageio.ImageIO.read(dir.resolve("logo-" + size + "x" + size + ".png").toFile());
            assertEquals(size, logo.getWidth());
            assertEquals(size, logo.getHeight());
            assertTrue((logo.getRGB(size / 2, size / 2) >>> 24) == 0xff, "the logo is drawn, not transparent");
        }
        assertEquals(0, KernelCli.run(new String[] {"uninstall"}, ps, ps, env::get), sink.toString());
        assertFalse(Files.exists(dir));
    }
}
