package org.linrepro.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenResolverTest {

    @TempDir
    Path repo;

    private void pom(String g, String a, String v, String body) throws Exception {
        Path dir = repo.resolve(g.replace('.', '/')).resolve(a).resolve(v);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(a + "-" + v + ".pom"), "<project><modelVersion>4.0.0</modelVersion>" + body + "</project>");
    }

    private void jar(String g, String a, String v) throws Exception {
        Files.writeString(repo.resolve(g.replace('.', '/')).resolve(a).resolve(v).resolve(a + "-" + v + ".jar"), "");
    }

    private List<String> names(List<Path> jars) {
        return jars.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }

    @Test
    void resolvesParentsPropertiesManagementBomsScopesAndExclusions() throws Exception {
        pom("x", "parent", "1", "<groupId>x</groupId><artifactId>parent</artifactId><version>1</version>"
                + "<properties><dep.version>2.0</dep.version></properties>"
                + "<dependencyManagement><dependencies>"
                + "<dependency><groupId>x</groupId><artifactId>managed</artifactId><version>${dep.version}</version></dependency>"
                + "<dependency><groupId>x</groupId><artifactId>bom</artifactId><version>1</version><type>pom</type><scope>import</scope></dependency>"
                + "</dependencies></dependencyManagement>");
        pom("x", "bom", "1", "<groupId>x</groupId><artifactId>bom</artifactId><version>1</version>"
                + "<dependencyManagement><dependencies>"
                + "<dependency><groupId>y</groupId><artifactId>from-bom</artifactId><version>3.1</version></dependency>"
                + "</dependencies></dependencyManagement>");
        pom("x", "app", "1.0", "<parent><groupId>x</groupId><artifactId>parent</artifactId><version>1</version></parent>"
                + "<artifactId>app</artifactId><version>1.0</version><dependencies>"
                + "<dependency><groupId>x</groupId><artifactId>managed</artifactId></dependency>"
                + "<dependency><groupId>y</groupId><artifactId>from-bom</artifactId>"
                + "<exclusions><exclusion><groupId>z</groupId><artifactId>*</artifactId></exclusion></exclusions></dependency>"
                + "<dependency><groupId>t</groupId><artifactId>testing</artifactId><version>1</version><scope>test</scope></dependency>"
                + "<dependency><groupId>o</groupId><artifactId>opt</artifactId><version>1</version><optional>true</optional></dependency>"
                + "<dependency><groupId>x</groupId><artifactId>rt</artifactId><version>${project.version}</version><scope>runtime</scope></dependency>"
                + "</dependencies>");
        pom("x", "managed", "2.0", "<groupId>x</groupId><artifactId>managed</artifactId><version>2.0</version>"
                + "<dependencies><dependency><groupId>y</groupId><artifactId>from-bom</artifactId><version>9.9</version></dependency></dependencies>");
        pom("y", "from-bom", "3.1", "<groupId>y</groupId><artifactId>from-bom</artifactId><version>3.1</version>"
                + "<dependencies><dependency><groupId>z</groupId><artifactId>excluded</artifactId><version>1</version></dependency></dependencies>");
        pom("x", "rt", "1.0", "<groupId>x</groupId><artifactId>rt</artifactId><version>1.0</version>");
        for (String[] c : new String[][] {{"x", "app", "1.0"}, {"x", "managed", "2.0"}, {"y", "from-bom", "3.1"}, {"x", "rt", "1.0"}}) {
            jar(c[0], c[1], c[2]);
        }
        List<String> jars = names(new MavenResolver(repo).resolve("x:app:1.0"));
        assertEquals(List.of("app-1.0.jar", "managed-2.0.jar", "from-bom-3.1.jar", "rt-1.0.jar"), jars);
    }

    @Test
    void missingArtifactsAreNamed() throws Exception {
        pom("x", "lonely", "1", "<groupId>x</groupId><artifactId>lonely</artifactId><version>1</version>"
                + "<dependencies><dependency><groupId>q</groupId><artifactId>absent</artifactId><version>5</version></dependency></dependencies>");
        jar("x", "lonely", "1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MavenResolver(repo).resolve("x:lonely:1"));
        assertTrue(e.getMessage().contains("q:absent:5"), e.getMessage());
        assertTrue(e.getMessage().contains("needed by x:lonely:1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MavenResolver(repo).resolve("not-coordinates"));
    }

    @Test
    void versionRangesPickTheNewestLocalVersion() throws Exception {
        for (String v : List.of("1.0", "1.5", "2.0")) {
            pom("r", "ranged", v, "<groupId>r</groupId><artifactId>ranged</artifactId><version>" + v + "</version>");
            jar("r", "ranged", v);
        }
        assertEquals(List.of("ranged-1.5.jar"), names(new MavenResolver(repo).resolve("r:ranged:[1.0,2.0)")));
        assertTrue(MavenResolver.compareVersions("1.10", "1.9") > 0);
        assertTrue(MavenResolver.compareVersions("1.0-SNAPSHOT", "1.0") < 0);
    }

    @Test
    void resolvesARealArtifactFromTheLocalRepository() {
        Path m2 = MavenResolver.defaultRepository();
        List<String> jars = names(new MavenResolver(m2).resolve("org.dflib.jjava:jjava-jupyter:1.0-a6"));
        assertEquals("jjava-jupyter-1.0-a6.jar", jars.get(0));
        assertTrue(jars.contains("gson-2.11.0.jar"), jars.toString());
        assertTrue(jars.contains("jeromq-0.6.0.jar"), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("slf4j-api-")), jars.toString());
        assertFalse(jars.stream().anyMatch(j -> j.startsWith("junit")), jars.toString());
    }
}
