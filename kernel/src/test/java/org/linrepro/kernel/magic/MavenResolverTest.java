package org.linrepro.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline, against temporary repositories (and ~/.m2 read-only): nothing is downloaded or written to ~/.m2. */
class MavenResolverTest {

    @TempDir
    Path tmp;

    /** An artifact as {@code mvn install} leaves it (marked as installed locally, not downloaded). */
    private static void install(Path repo, String g, String a, String v, String pomBody, boolean jar) throws Exception {
        Path dir = Files.createDirectories(repo.resolve(g.replace('.', '/')).resolve(a).resolve(v));
        Files.writeString(dir.resolve(a + "-" + v + ".pom"), "<project><modelVersion>4.0.0</modelVersion>"
                + "<groupId>" + g + "</groupId><artifactId>" + a + "</artifactId><version>" + v + "</version>"
                + pomBody + "</project>");
        String marks = a + "-" + v + ".pom>=\n";
        if (jar) {
            Files.writeString(dir.resolve(a + "-" + v + ".jar"), "");
            marks += a + "-" + v + ".jar>=\n";
        }
        Files.writeString(dir.resolve("_remote.repositories"), marks);
    }

    private static List<String> names(List<Path> jars) {
        return jars.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }

    private static String dep(String g, String a, String v, String extra) {
        return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId>"
                + (v == null ? "" : "<version>" + v + "</version>") + extra + "</dependency>";
    }

    private Path fixture() throws Exception {
        Path repo = tmp.resolve("local");
        install(repo, "x", "parent", "1", "<packaging>pom</packaging><properties><dep.version>2.0</dep.version></properties>"
                + "<dependencyManagement><dependencies>" + dep("x", "managed", "${dep.version}", "")
                + dep("x", "bom", "1", "<type>pom</type><scope>import</scope>") + "</dependencies></dependencyManagement>",
                false);
        install(repo, "x", "bom", "1", "<packaging>pom</packaging><dependencyManagement><dependencies>"
                + dep("y", "from-bom", "3.1", "") + "</dependencies></dependencyManagement>", false);
        install(repo, "x", "managed", "2.0", "<dependencies>" + dep("y", "from-bom", "9.9", "") + "</dependencies>", true);
        install(repo, "y", "from-bom", "3.1", "<dependencies>" + dep("z", "excluded", "1", "") + "</dependencies>", true);
        install(repo, "x", "rt", "1.0", "", true);
        Path appDir = Files.createDirectories(repo.resolve("x/app/1.0"));
        Files.writeString(appDir.resolve("app-1.0.pom"), "<project><modelVersion>4.0.0</modelVersion>"
                + "<parent><groupId>x</groupId><artifactId>parent</artifactId><version>1</version></parent>"
                + "<artifactId>app</artifactId><version>1.0</version><dependencies>"
                + dep("x", "managed", null, "")
                + dep("y", "from-bom", null, "<exclusions><exclusion><groupId>z</groupId><artifactId>*</artifactId>"
                        + "</exclusion></exclusions>")
                + dep("t", "testing", "1", "<scope>test</scope>")
                + dep("o", "opt", "1", "<optional>true</optional>")
                + dep("x", "rt", "${project.version}", "<scope>runtime</scope>")
                + "</dependencies></project>");
        Files.writeString(appDir.resolve("app-1.0.jar"), "");
        Files.writeString(appDir.resolve("_remote.repositories"), "app-1.0.pom>=\napp-1.0.jar>=\n");
        return repo;
    }

    @Test
    void resolvesParentsPropertiesManagementBomsScopesAndExclusions() throws Exception {
        try (MavenResolver r = new MavenResolver(fixture(), true)) {
            List<String> jars = names(r.resolve("x:app:1.0"));
            assertEquals(List.of("app-1.0.jar", "managed-2.0.jar", "from-bom-3.1.jar", "rt-1.0.jar"), jars);
        }
    }

    @Test
    void missingArtifactsAreNamed() throws Exception {
        Path repo = tmp.resolve("local");
        install(repo, "x", "lonely", "1", "<dependencies>" + dep("q", "absent", "5", "") + "</dependencies>", true);
        try (MavenResolver r = new MavenResolver(repo, true)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.resolve("x:lonely:1"));
            assertTrue(e.getMessage().contains("q:absent") && e.getMessage().contains("x:lonely"), e.getMessage());
            assertTrue(e.getMessage().contains("offline"), e.getMessage());
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> r.resolve("nonsense"));
            assertTrue(bad.getMessage().contains("'nonsense' is not group:artifact:version"), bad.getMessage());
        }
    }

    @Test
    void addedRepositoriesAndPomsResolve() throws Exception {
        Path remote = tmp.resolve("remote");
        install(remote, "r", "lib", "2.0", "<dependencies>" + dep("r", "dep", "1.1", "") + "</dependencies>", true);
        install(remote, "r", "dep", "1.1", "", true);
        install(remote, "r", "dep", "1.5", "", true);
        try (MavenResolver r = new MavenResolver(tmp.resolve("local"), true)) {
            assertThrows(IllegalArgumentException.class, () -> r.resolve("r:lib:2.0"), "not known before %mavenRepo");
            int before = r.repositories().size();
            r.addRepository("extra", remote.toUri().toString());
            List<String> ids = r.repositories().stream().map(x -> x.getId()).toList();
            assertEquals(before + 1, ids.size(), "added after Central and the settings' repositories: " + ids);
            assertEquals("extra", ids.get(ids.size() - 1));
            assertEquals(List.of("lib-2.0.jar", "dep-1.1.jar"), names(r.resolve("r:lib:2.0")));
            Path pom = Files.writeString(tmp.resolve("pom.xml"), "<project><modelVersion>4.0.0</modelVersion>"
                    + "<groupId>me</groupId><artifactId>nb</artifactId><version>1</version>"
                    + "<dependencyManagement><dependencies>" + dep("r", "dep", "1.5", "")
                    + "</dependencies></dependencyManagement><dependencies>" + dep("r", "lib", "2.0", "")
                    + dep("t", "t", "1", "<scope>test</scope>") + "</dependencies></project>");
            assertEquals(List.of("lib-2.0.jar", "dep-1.5.jar"), names(r.resolvePom(pom)),
                    "the POM's dependency management applies to transitive dependencies");
            assertEquals(List.of("dep-1.5.jar"), names(r.resolvePomText(dep("r", "dep", "1.5", ""), tmp)),
                    "a <dependency> fragment as %%loadFromPOM's body");
        }
    }

    @Test
    void resolvesLinreprosOwnLibraryWithItsParentsDependencyManagement() throws Exception {
        // `mvn -o install -DskipTests` of lib into a temporary local repository, with ~/.m2 as a read-only tail for
        // its dependencies (nothing copied, nothing downloaded)
        Path root = Path.of(System.getProperty("linrepro.root", "..")).toAbsolutePath().normalize();
        Path libJar = root.resolve("lib/target/linrepro-lib-0.1.0-SNAPSHOT.jar");
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        assumeTrue(Files.isRegularFile(libJar) && Files.isDirectory(m2), "needs lib built (mvn package) and ~/.m2");
        Path head = tmp.resolve("head");
        Path parentDir = Files.createDirectories(head.resolve("org/linrepro/linrepro-parent/0.1.0-SNAPSHOT"));
        Files.copy(root.resolve("pom.xml"), parentDir.resolve("linrepro-parent-0.1.0-SNAPSHOT.pom"));
        Files.writeString(parentDir.resolve("_remote.repositories"), "linrepro-parent-0.1.0-SNAPSHOT.pom>=\n");
        Path libDir = Files.createDirectories(head.resolve("org/linrepro/linrepro-lib/0.1.0-SNAPSHOT"));
        Files.copy(root.resolve("lib/pom.xml"), libDir.resolve("linrepro-lib-0.1.0-SNAPSHOT.pom"));
        Files.copy(libJar, libDir.resolve("linrepro-lib-0.1.0-SNAPSHOT.jar"));
        Files.writeString(libDir.resolve("_remote.repositories"),
                "linrepro-lib-0.1.0-SNAPSHOT.pom>=\nlinrepro-lib-0.1.0-SNAPSHOT.jar>=\n");
        try (MavenResolver r = new MavenResolver(head, List.of(m2), true, Map.of())) {
            List<String> jars = names(r.resolve("org.linrepro:linrepro-lib:0.1.0-SNAPSHOT"));
            assertEquals("linrepro-lib-0.1.0-SNAPSHOT.jar", jars.get(0));
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("api-") ), "DJL: " + jars);
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("tablesaw-core-")), jars.toString());
            assertTrue(jars.contains("jackson-databind-2.18.2.jar"), "the parent's managed version: " + jars);
            // pdfbox 3.0.1 (under XChart) declares junit-jupiter 5.10.1 at compile scope; the parent's management wins
            assertFalse(jars.stream().anyMatch(j -> j.startsWith("junit-jupiter-") && !j.contains("5.11.4")),
                    "managed versions apply to transitive dependencies: " + jars);
        }
    }
}
