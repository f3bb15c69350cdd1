package org.linrepro.results;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.linrepro.util.Versions;

/**
 * The version of the code that produced a result, for result-store keys: the release version plus a hash of the
 * contents of the code's jars or class folders (entry names and bytes, not timestamps), so a rebuild of the same
 * sources keeps the key and any change of a class or claim file makes a new one. {@code LINREPRO_CODE_VERSION}
 * overrides it (e.g. a git commit).
 */
public final class CodeVersion {
    private static volatile String cached;

    private CodeVersion() {}

    /** @param anchors classes whose jars or class folders hold the code (the library and the experiments) */
    public static String current(Class<?>... anchors) {
        String env = System.getenv("LINREPRO_CODE_VERSION");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        String c = cached;
        if (c == null) {
            c = Versions.LINREPRO + "+" + hashOf(anchors);
            cached = c;
        }
        return c;
    }

    private static String hashOf(Class<?>... anchors) {
        Set<Path> places = new LinkedHashSet<>();
        places.add(location(CodeVersion.class));
        for (Class<?> a : anchors) {
            places.add(location(a));
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Path> sorted = new ArrayList<>(places);
            Collections.sort(sorted);
            for (Path p : sorted) {
                if (Files.isDirectory(p)) {
                    hashFolder(md, p);
                } else {
                    hashJar(md, p);
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unknown";
        }
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the code of " + c.getName(), e);
        }
    }

    private static void hashFolder(MessageDigest md, Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            md.update(dir.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(Files.readAllBytes(f));
        }
    }

    private static void hashJar(MessageDigest md, Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            List<JarEntry> entries = Collections.list(j.entries()).stream().filter(e -> !e.isDirectory())
                    .sorted(java.util.Comparator.comparing(JarEntry::getName)).toList();
            for (JarEntry e : entries) {
                md.update(e.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = j.getInputStream(e)) {
                    md.update(in.readAllBytes());
                }
            }
        }
    }
}
