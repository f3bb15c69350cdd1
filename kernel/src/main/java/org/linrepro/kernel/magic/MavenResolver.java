package org.linrepro.kernel.magic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A small offline Maven resolver for {@code %maven}: finds an artifact and its compile and runtime dependencies in
 * the local repository by reading their POMs. Nothing is downloaded.
 *
 * <p>Supported: coordinates {@code g:a:v}, {@code g:a:type:v}, {@code g:a:type:classifier:v}; parent POMs;
 * properties ({@code ${...}}, {@code project.*}, {@code env.*}, Java system properties); dependency management,
 * including imported BOMs; scopes compile and runtime (test, provided, system and optional dependencies are left
 * out, as Maven does for a dependency's dependencies); exclusions (wildcards too); nearest-first version choice
 * (breadth-first, first one met wins); version ranges, answered from the versions present locally. Not supported:
 * profiles, relocations, remote repositories, mirrors or settings beyond {@code localRepository}.
 */
public final class MavenResolver {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final Set<String> INCLUDED_SCOPES = Set.of("compile", "runtime");

    private final Path repository;
    private final Map<String, Model> models = new HashMap<>();

    public MavenResolver(Path repository) {
        this.repository = repository;
    }

    /** {@code -Dmaven.repo.local}, else {@code localRepository} of {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}. */
    public static Path defaultRepository() {
        String prop = System.getProperty("maven.repo.local");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        Path home = Path.of(System.getProperty("user.home"));
        Path settings = home.resolve(".m2/settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                Matcher m = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>")
                        .matcher(Files.readString(settings));
                if (m.find()) {
                    return Path.of(m.group(1).replace("${user.home}", home.toString()));
                }
            } catch (IOException e) {
                // fall through to the default
            }
        }
        return home.resolve(".m2/repository");
    }

    public Path repository() {
        return repository;
    }

    /** The jars of an artifact and of its compile/runtime dependencies, the artifact first. */
    public List<Path> resolve(String coordinate) {
        Coord root = Coord.parse(coordinate);
        Map<String, Coord> chosen = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        Deque<Visit> queue = new ArrayDeque<>();
        queue.add(new Visit(root, Set.of(), null));
        while (!queue.isEmpty()) {
            Visit visit = queue.poll();
            Coord c = visit.coord;
            if (chosen.containsKey(c.key())) {
                continue;
            }
            String version;
            try {
                version = chooseVersion(c);
            } catch (IllegalArgumentException e) {
                missing.add(e.getMessage() + via(visit));
                continue;
            }
            c = c.withVersion(version);
            chosen.put(c.key(), c);
            Optional<Model> model = model(c.group, c.artifact, c.version, missing, visit);
            if (model.isEmpty()) {
                continue;
            }
            for (Dep d : model.get().dependencies) {
                String scope = d.scope == null || d.scope.isEmpty() ? "compile" : d.scope;
                if (!INCLUDED_SCOPES.contains(scope) || d.optional || excluded(visit.exclusions, d)) {
                    continue;
                }
                if (d.version == null || d.version.isEmpty() || d.version.contains("${")) {
                    missing.add("no version for " + d.group + ":" + d.artifact + " in " + c + via(visit));
                    continue;
                }
                Set<String> exclusions = new HashSet<>(visit.exclusions);
                exclusions.addAll(d.exclusions);
                queue.add(new Visit(new Coord(d.group, d.artifact, d.version, d.type, d.classifier), exclusions, c));
            }
        }
        List<Path> jars = new ArrayList<>();
        for (Coord c : chosen.values()) {
            if (c.type.equals("pom")) {
                continue;
            }
            Path jar = c.file(repository);
            if (Files.isRegularFile(jar)) {
                jars.add(jar);
            } else {
                missing.add(c + " (" + repository.relativize(jar) + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("cannot resolve " + coordinate + " offline from " + repository
                    + ":\n  " + String.join("\n  ", new LinkedHashSet<>(missing)));
        }
        return jars;
    }

    private static String via(Visit v) {
        return v.from == null ? "" : " (needed by " + v.from + ")";
    }

    private static boolean excluded(Set<String> exclusions, Dep d) {
        return exclusions.contains(d.group + ":" + d.artifact) || exclusions.contains(d.group + ":*")
                || exclusions.contains("*:" + d.artifact) || exclusions.contains("*:*");
    }

    private String chooseVersion(Coord c) {
        String v = c.version;
        if (!(v.startsWith("[") || v.startsWith("("))) {
            return v;
        }
        Path dir = repository.resolve(c.group.replace('.', '/')).resolve(c.artifact);
        List<String> local = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).forEach(local::add);
            } catch (IOException e) {
                // treated as none
            }
        }
        return local.stream().filter(x -> inRange(x, v)).max(MavenResolver::compareVersions)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no local version of " + c.group + ":" + c.artifact + " in " + v));
    }

    static boolean inRange(String version, String range) {
        for (String part : range.split("(?<=[\\])]),")) {
            String r = part.trim();
            boolean lowIncl = r.startsWith("[");
            boolean highIncl = r.endsWith("]");
            String inner = r.substring(1, r.length() - 1);
            if (!inner.contains(",")) {
                if (compareVersions(version, inner.trim()) == 0) {
                    return true;
                }
                continue;
            }
            String low = inner.substring(0, inner.indexOf(',')).trim();
            String high = inner.substring(inner.indexOf(',') + 1).trim();
            boolean ok = low.isEmpty() || (lowIncl ? compareVersions(version, low) >= 0 : compareVersions(version, low) > 0);
            ok &= high.isEmpty() || (highIncl ? compareVersions(version, high) <= 0 : compareVersions(version, high) < 0);
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** Numeric parts compare as numbers; a qualifier ({@code -beta}, {@code -SNAPSHOT}) sorts before the release. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : null;
            String q = i < y.length ? y[i] : null;
            if (p == null) {
                return q.matches("\\d+") ? (Long.parseLong(q) == 0 ? 0 : -1) : 1;
            }
            if (q == null) {
                return p.matches("\\d+") ? (Long.parseLong(p) == 0 ? 0 : 1) : -1;
            }
            boolean pn = p.matches("\\d{1,18}");
            boolean qn = q.matches("\\d{1,18}");
            int c = pn && qn ? Long.compare(Long.parseLong(p), Long.parseLong(q))
                    : pn ? 1 : qn ? -1 : p.compareToIgnoreCase(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------- POM reading

    private Optional<Model> model(String g, String a, String v, List<String> missing, Visit visit) {
        try {
            return Optional.of(effective(g, a, v, 0));
        } catch (IllegalArgumentException e) {
            missing.add(e.getMessage() + via(visit));
            return Optional.empty();
        }
    }

    private Model effective(String g, String a, String v, int depth) {
        String key = g + ":" + a + ":" + v;
        Model cached = models.get(key);
        if (cached != null) {
            return cached;
        }
        if (depth > 20) {
            throw new IllegalArgumentException("POM parents or imports nested too deep at " + key);
        }
        Raw raw = raw(g, a, v, depth);
        Map<String, String> props = new HashMap<>(raw.properties);
        props.put("project.groupId", raw.group);
        props.put("project.artifactId", a);
        props.put("project.version", raw.version);
        props.put("pom.groupId", raw.group);
        props.put("pom.version", raw.version);
        props.put("version", raw.version);
        props.put("groupId", raw.group);
        if (raw.parentVersion != null) {
            props.put("project.parent.version", raw.parentVersion);
            props.put("project.parent.groupId", raw.parentGroup);
        }
        Model m = new Model();
        Map<String, Dep> managed = new LinkedHashMap<>();
        for (Dep d : raw.managed) {
            Dep i = d.interpolate(props);
            if ("import".equals(i.scope) && "pom".equals(i.type)) {
                Model bom = effective(i.group, i.artifact, i.version, depth + 1);
                bom.managed.forEach(managed::putIfAbsent);
            } else {
                managed.put(i.key(), i);
            }
        }
        m.managed.putAll(managed);
        for (Dep d : raw.dependencies) {
            Dep i = d.interpolate(props);
            Dep mgmt = managed.get(i.key());
            if (mgmt != null) {
                i = i.managedBy(mgmt);
            }
            m.dependencies.add(i);
        }
        models.put(key, m);
        return m;
    }

    /** A POM with its parents merged, not yet interpolated. */
    private Raw raw(String g, String a, String v, int depth) {
        Path pom = repository.resolve(g.replace('.', '/')).resolve(a).resolve(v).resolve(a + "-" + v + ".pom");
        if (!Files.isRegularFile(pom)) {
            throw new IllegalArgumentException(g + ":" + a + ":" + v + " (pom not in the local repository)");
        }
        Element project = parse(pom).getDocumentElement();
        Raw r = new Raw();
        Element parent = child(project, "parent");
        if (parent != null) {
            String pg = text(parent, "groupId");
            String pa = text(parent, "artifactId");
            String pv = text(parent, "version");
            if (depth > 20) {
                throw new IllegalArgumentException("POM parents nested too deep at " + g + ":" + a);
            }
            Raw p = raw(pg, pa, pv, depth + 1);
            r.properties.putAll(p.properties);
            r.managed.addAll(p.managed);
            r.dependencies.addAll(p.dependencies);
            r.group = p.group;
            r.version = p.version;
            r.parentGroup = pg;
            r.parentVersion = pv;
        }
        if (text(project, "groupId") != null) {
            r.group = text(project, "groupId");
        }
        if (text(project, "version") != null) {
            r.version = text(project, "version");
        }
        Element props = child(project, "properties");
        if (props != null) {
            for (Element e : children(props)) {
                r.properties.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        Element dm = child(project, "dependencyManagement");
        if (dm != null) {
            List<Dep> own = deps(child(dm, "dependencies"));
            r.managed.removeIf(d -> own.stream().anyMatch(o -> o.rawKey().equals(d.rawKey())));
            r.managed.addAll(0, own);
        }
        List<Dep> own = deps(child(project, "dependencies"));
        r.dependencies.removeIf(d -> own.stream().anyMatch(o -> o.rawKey().equals(d.rawKey())));
        r.dependencies.addAll(own);
        return r;
    }

    private static List<Dep> deps(Element list) {
        List<Dep> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (Element e : children(list)) {
            if (!e.getTagName().equals("dependency")) {
                continue;
            }
            Dep d = new Dep();
            d.group = text(e, "groupId");
            d.artifact = text(e, "artifactId");
            d.version = text(e, "version");
            d.type = text(e, "type");
            d.classifier = text(e, "classifier");
            d.scope = text(e, "scope");
            d.optional = "true".equals(text(e, "optional"));
            Element ex = child(e, "exclusions");
            if (ex != null) {
                for (Element x : children(ex)) {
                    d.exclusions.add(text(x, "groupId") + ":" + text(x, "artifactId"));
                }
            }
            out.add(d);
        }
        return out;
    }

    private static Document parse(Path pom) {
        try (InputStream in = Files.newInputStream(pom)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(in);
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable POM " + pom + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    static String interpolate(String s, Map<String, String> props) {
        if (s == null) {
            return null;
        }
        String cur = s;
        for (int round = 0; round < 10 && cur.contains("${"); round++) {
            Matcher m = PROPERTY.matcher(cur);
            StringBuilder sb = new StringBuilder();
            boolean changed = false;
            while (m.find()) {
                String name = m.group(1);
                String value = props.get(name);
                if (value == null && name.startsWith("env.")) {
                    value = System.getenv(name.substring(4));
                }
                if (value == null) {
                    value = System.getProperty(name);
                }
                changed |= value != null;
                m.appendReplacement(sb, Matcher.quoteReplacement(value != null ? value : m.group()));
            }
            m.appendTail(sb);
            cur = sb.toString();
            if (!changed) {
                break;
            }
        }
        return cur;
    }

    // ---------------------------------------------------------------------------------------------- data

    private static final class Raw {
        String group;
        String version;
        String parentGroup;
        String parentVersion;
        final Map<String, String> properties = new HashMap<>();
        final List<Dep> managed = new ArrayList<>();
        final List<Dep> dependencies = new ArrayList<>();
    }

    private static final class Model {
        final Map<String, Dep> managed = new LinkedHashMap<>();
        final List<Dep> dependencies = new ArrayList<>();
    }

    private static final class Dep {
        String group;
        String artifact;
        String version;
        String type;
        String classifier;
        String scope;
        boolean optional;
        final Set<String> exclusions = new HashSet<>();

        String rawKey() {
            return group + ":" + artifact + ":" + (type == null ? "jar" : type) + ":" + (classifier == null ? "" : classifier);
        }

        String key() {
            return rawKey();
        }

        Dep interpolate(Map<String, String> props) {
            Dep d = new Dep();
            d.group = MavenResolver.interpolate(group, props);
            d.artifact = MavenResolver.interpolate(artifact, props);
            d.version = MavenResolver.interpolate(version, props);
            d.type = type == null ? "jar" : MavenResolver.interpolate(type, props);
            d.classifier = classifier == null ? "" : MavenResolver.interpolate(classifier, props);
            d.scope = MavenResolver.interpolate(scope, props);
            d.optional = optional;
            for (String x : exclusions) {
                d.exclusions.add(MavenResolver.interpolate(x, props));
            }
            return d;
        }

        Dep managedBy(Dep m) {
            if (version == null || version.isEmpty()) {
                version = m.version;
            }
            if (scope == null || scope.isEmpty()) {
                scope = m.scope;
            }
            exclusions.addAll(m.exclusions);
            return this;
        }
    }

    private record Visit(Coord coord, Set<String> exclusions, Coord from) {
    }

    /** Maven coordinates. */
    record Coord(String group, String artifact, String version, String type, String classifier) {

        static Coord parse(String s) {
            String[] p = s.trim().split(":");
            switch (p.length) {
                case 3: return new Coord(p[0], p[1], p[2], "jar", "");
                case 4: return new Coord(p[0], p[1], p[3], p[2], "");
                case 5: return new Coord(p[0], p[1], p[4], p[2], p[3]);
                default:
                    throw new IllegalArgumentException("not Maven coordinates: '" + s
                            + "' (expected group:artifact:version, group:artifact:type:version or "
                            + "group:artifact:type:classifier:version)");
            }
        }

        Coord withVersion(String v) {
            return new Coord(group, artifact, v, type, classifier);
        }

        /** The conflict key: one version per artifact, type and classifier. */
        String key() {
            return group + ":" + artifact + ":" + type + ":" + classifier;
        }

        Path file(Path repo) {
            String cls = classifier.isEmpty() ? ("test-jar".equals(type) ? "-tests" : "") : "-" + classifier;
            return repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                    .resolve(artifact + "-" + version + cls + ".jar");
        }

        @Override
        public String toString() {
            return group + ":" + artifact + ":" + (type.equals("jar") ? "" : type + ":")
                    + (classifier.isEmpty() ? "" : classifier + ":") + version;
        }
    }
}
