package org.linrepro.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobsTest {

    @TempDir
    Path dir;

    @Test
    void globsMatchJarsAndPlainPathsMayBeFolders() throws Exception {
        Files.createDirectories(dir.resolve("lib/sub"));
        Files.createDirectories(dir.resolve("classes"));
        for (String f : List.of("lib/a.jar", "lib/b.jar", "lib/readme.txt", "lib/sub/c.jar")) {
            Files.writeString(dir.resolve(f), "");
        }
        assertEquals(List.of(dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar")), Globs.resolve("lib/*", dir));
        assertEquals(List.of(dir.resolve("lib/a.jar")), Globs.resolve("lib/a*.jar", dir));
        assertEquals(3, Globs.resolve("lib/**.jar", dir).size());
        assertEquals(List.of(dir.resolve("classes")), Globs.resolve("classes", dir));
        assertEquals(List.of(dir.resolve("lib/sub/c.jar")), Globs.resolve(dir + "/lib/*/c.jar", dir));
        assertEquals(List.of(), Globs.resolve("lib/readme.txt", dir));

        List<Path> all = Globs.resolve(List.of("lib/a.jar:classes", "lib/*.jar"), dir);
        assertEquals(List.of(dir.resolve("lib/a.jar"), dir.resolve("classes"), dir.resolve("lib/b.jar")), all);

        assertTrue(Globs.resolve(List.of("lib/not-built-yet*.jar"), dir).isEmpty(), "a glob in an existing folder may"
                + " match nothing yet");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Globs.resolve(List.of("lib/a.jar", "nope/*.jar"), dir));
        assertTrue(e.getMessage().contains("'nope/*.jar'"), e.getMessage());
    }
}
