package org.linrepro.kernel.magic;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.maven.model.Model;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelProblem;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

import eu.maveniverse.maven.mima.context.Context;
import eu.maveniverse.maven.mima.context.ContextOverrides;
import eu.maveniverse.maven.mima.context.Runtimes;

/**
 * {@code %maven}, {@code %mavenRepo} and {@code %loadFromPOM}: Maven Resolver with Maven's own model builder (parents,
 * properties, dependency management and imported BOMs, profiles, relocations, version ranges, nearest-wins), through
 * MIMA's standalone runtime as JJava does. Reads {@code ~/.m2/settings.xml} (local repository, mirrors, proxies,
 * servers, offline). Artifacts already in the local repository are used without the network; anything else comes from
 * Maven Central and the repositories {@code %mavenRepo} added. The classpath is the runtime one: compile and runtime
 * scopes, optional dependencies of dependencies left out, as Maven builds it.
 */
public final class MavenResolver implements AutoCloseable {

    /** Set to {@code true} to never touch the network (as {@code mvn -o}). */
    public static final String OFFLINE_ENV = "LINREPRO_MAVEN_OFFLINE";

    private final Path localRepository;
    private final boolean offline;
    private final Map<String, Object> config;
    private final List<Path> tails;
    private RepositorySystemSession session;
    private final Map<String, RemoteRepository> added = new LinkedHashMap<>();
    private Context context;

    /**
     * @param localRepository the local repository, or null for settings.xml's (or {@code -Dmaven.repo.local}'s)
     * @param offline         resolve from the local repository (and {@code file:} repositories) only
     */
    public MavenResolver(Path localRepository, boolean offline) {
        this(localRepository, List.of(), offline, Map.of());
    }

    /**
     * @param tails  read-only local repositories searched after {@code localRepository} (Maven 3.9's
     *               {@code maven.repo.local.tail}): their artifacts are used in place, whatever repository they came from
     * @param config Maven Resolver configuration properties
     */
    public MavenResolver(Path localRepository, List<Path> tails, boolean offline, Map<String, Object> config) {
        this.localRepository = localRepository;
        this.tails = List.copyOf(tails);
        this.offline = offline;
        this.config = Map.copyOf(config);
    }

    /**
     * The user's Maven setup: settings.xml, {@code -Dmaven.repo.local}, {@code -Dmaven.repo.local.tail} (comma-separated),
     * offline when {@value #OFFLINE_ENV} is true.
     */
    public static MavenResolver fromEnvironment() {
        String repo = System.getProperty("maven.repo.local");
        List<Path> tails = new ArrayList<>();
        for (String t : System.getProperty("maven.repo.local.tail", "").split(",")) {
            if (!t.isBlank()) {
                tails.add(Path.of(t.trim()));
            }
        }
        return new MavenResolver(repo == null || repo.isBlank() ? null : Path.of(repo), tails,
                "true".equalsIgnoreCase(System.getenv(OFFLINE_ENV)), Map.of());
    }

    /** {@code %mavenRepo ID URL}: a further remote repository (a later one with the same id replaces it). */
    public synchronized void addRepository(String id, String url) {
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("repository ids are letters, digits, '.', '_' and '-'; got '" + id + "'");
        }
        added.put(id, new RemoteRepository.Builder(id, "default", url).build());
        session = null; // forget what earlier lookups found missing: the new repository may have it
    }

    /** The remote repositories used now (settings', Central, then those added), mirrors applied. */
    public synchronized List<RemoteRepository> repositories() {
        if (added.isEmpty()) {
            return context().remoteRepositories();
        }
        // settings' repositories and Central, then the added ones (a same id replaces), mirrors and proxies applied
        Map<String, RemoteRepository> all = new LinkedHashMap<>();
        context().remoteRepositories().forEach(r -> all.put(r.getId(), r));
        all.putAll(added);
        return context().repositorySystem().newResolutionRepositories(session(), List.copyOf(all.values()));
    }

    public synchronized Path localRepository() {
        return session().getLocalRepository().getBasedir().toPath();
    }

    /** The jars of an artifact ({@code group:artifact[:extension[:classifier]]:version}) and its runtime classpath. */
    public synchronized List<Path> resolve(String coordinate) {
        Artifact artifact;
        try {
            artifact = new DefaultArtifact(coordinate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + coordinate + "' is not group:artifact:version"
                    + " (or group:artifact:extension[:classifier]:version)");
        }
        // as a dependency (not the root): its optional dependencies are left out, as for any declared dependency
        CollectRequest request = new CollectRequest();
        request.addDependency(new Dependency(artifact, JavaScopes.RUNTIME));
        request.setRepositories(repositories());
        return collect(request, coordinate);
    }

    /**
     * {@code %loadFromPOM}: the runtime classpath of a POM's dependencies, the POM built as Maven builds it (parent by
     * relative path or from the repositories, properties, dependency management, BOMs, active profiles) and its own
     * {@code <repositories>} used too.
     */
    public synchronized List<Path> resolvePom(Path pom) {
        Model model = effectiveModel(pom);
        CollectRequest request = new CollectRequest();
        model.getDependencies().stream()
                .filter(d -> d.getScope() == null || d.getScope().isEmpty() || d.getScope().equals(JavaScopes.COMPILE)
                        || d.getScope().equals(JavaScopes.RUNTIME))
                .forEach(d -> request.addDependency(dependency(d)));
        if (model.getDependencyManagement() != null) {
            model.getDependencyManagement().getDependencies().forEach(d -> request.addManagedDependency(dependency(d)));
        }
        List<RemoteRepository> repos = new ArrayList<>(repositories());
        for (org.apache.maven.model.Repository r : model.getRepositories()) {
            if (repos.stream().noneMatch(x -> x.getId().equals(r.getId()))) {
                repos.add(new RemoteRepository.Builder(r.getId(), "default", r.getUrl()).build());
            }
        }
        request.setRepositories(context().repositorySystem().newResolutionRepositories(session(), repos));
        return collect(request, pom.getFileName().toString());
    }

    /** {@code %%loadFromPOM}: a POM given as text; a fragment without {@code <project>} is wrapped in one. */
    public List<Path> resolvePomText(String xml, Path workDir) throws IOException {
        String text = xml.strip();
        if (!text.contains("<project")) {
            text = "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                    + "<groupId>linrepro.notebook</groupId><artifactId>cell</artifactId><version>0</version>"
                    + (text.contains("<dependencies>") || text.contains("<repositories>")
                            || text.contains("<dependencyManagement>") || text.contains("<properties>")
                            ? text : "<dependencies>" + text + "</dependencies>")
                    + "</project>";
        }
        Path pom = Files.createTempFile(workDir, ".loadFromPOM-", ".pom.xml");
        try {
            Files.writeString(pom, text);
            return resolvePom(pom);
        } finally {
            Files.deleteIfExists(pom);
        }
    }

    private List<Path> collect(CollectRequest request, String what) {
        DependencyRequest dr = new DependencyRequest(request, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        List<ArtifactResult> results;
        try {
            results = context().repositorySystem().resolveDependencies(session(), dr).getArtifactResults();
        } catch (DependencyResolutionException e) {
            throw new IllegalArgumentException("cannot resolve " + what + ": " + explain(e));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot resolve " + what + ": " + e.getMessage());
        }
        List<Path> jars = new ArrayList<>();
        for (ArtifactResult r : results) {
            File f = r.getArtifact() == null ? null : r.getArtifact().getFile();
            if (f != null && !f.getName().endsWith(".pom") && !jars.contains(f.toPath())) {
                jars.add(f.toPath());
            }
        }
        return jars;
    }

    /** The resolver's own messages name the artifact and the path to it; keep them, drop the wrapping. */
    private String explain(DependencyResolutionException e) {
        List<String> lines = new ArrayList<>();
        Throwable t = e;
        while (t != null) {
            String m = t.getMessage();
            if (m != null && !lines.contains(m)) {
                lines.add(m);
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        String last = lines.isEmpty() ? String.valueOf(e) : lines.get(lines.size() - 1);
        String first = lines.isEmpty() ? "" : lines.get(0);
        String where = offline ? " (offline: only the local repository " + localRepository() + ")" : "";
        return (first.equals(last) ? last : first + "\n  " + last) + where;
    }

    private Model effectiveModel(Path pom) {
        if (!Files.isRegularFile(pom)) {
            throw new IllegalArgumentException("no POM at " + pom);
        }
        DefaultModelBuildingRequest request = new DefaultModelBuildingRequest();
        request.setPomFile(pom.toFile());
        request.setModelResolver(new RepositoryModelResolver(context().repositorySystem(), session(), repositories()));
        request.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
        request.setProcessPlugins(false);
        Properties system = new Properties();
        system.putAll(System.getProperties());
        System.getenv().forEach((k, v) -> system.setProperty("env." + k, v));
        request.setSystemProperties(system);
        try {
            return new DefaultModelBuilderFactory().newInstance().build(request).getEffectiveModel();
        } catch (ModelBuildingException e) {
            StringBuilder b = new StringBuilder("cannot read " + pom.getFileName() + ":");
            for (ModelProblem p : e.getProblems()) {
                if (p.getSeverity() != ModelProblem.Severity.WARNING) {
                    b.append("\n  ").append(p.getMessage());
                }
            }
            throw new IllegalArgumentException(b.toString());
        }
    }

    private static Dependency dependency(org.apache.maven.model.Dependency d) {
        Artifact a = new DefaultArtifact(d.getGroupId(), d.getArtifactId(), d.getClassifier(),
                d.getType() == null || d.getType().equals("test-jar") ? "jar" : d.getType(), d.getVersion());
        List<Exclusion> exclusions = new ArrayList<>();
        d.getExclusions().forEach(x -> exclusions.add(new Exclusion(x.getGroupId(), x.getArtifactId(), "*", "*")));
        return new Dependency(a, d.getScope(), d.isOptional(), exclusions);
    }

    private RepositorySystemSession session() {
        if (session == null) {
            RepositorySystemSession base = context().repositorySystemSession();
            org.eclipse.aether.DefaultRepositorySystemSession s = new org.eclipse.aether.DefaultRepositorySystemSession(base);
            // Dependency management applies at every depth (as Maven 4 does), not only to the root's and its direct
            // dependencies' own dependencies: %maven of linrepro-lib then takes its parent's versions for what its
            // dependencies pull in (pdfbox 3.0.1 declares junit-jupiter 5.10.1 at compile scope; the parent has 5.11.4).
            s.setDependencyManager(new org.eclipse.aether.util.graph.manager.TransitiveDependencyManager());
            s.setCache(new org.eclipse.aether.DefaultRepositoryCache());
            session = s;
            if (!tails.isEmpty()) {
                org.eclipse.aether.DefaultRepositorySystemSession chained = s;
                List<org.eclipse.aether.repository.LocalRepositoryManager> tailManagers = new ArrayList<>();
                for (Path t : tails) {
                    tailManagers.add(context().repositorySystem().newLocalRepositoryManager(base,
                            new org.eclipse.aether.repository.LocalRepository(t.toFile())));
                }
                chained.setLocalRepositoryManager(new org.eclipse.aether.util.repository.ChainedLocalRepositoryManager(
                        base.getLocalRepositoryManager(), tailManagers, true));
            }
        }
        return session;
    }

    private Context context() {
        if (context == null) {
            ContextOverrides.Builder o = ContextOverrides.create().withUserSettings(true);
            Map<String, Object> props = new LinkedHashMap<>(config);
            if (offline) {
                // offline still reads file: repositories (e.g. a build's output folder given to %mavenRepo)
                o.offline(true);
                props.putIfAbsent("aether.offline.protocols", "file");
            }
            o.configProperties(props);
            if (localRepository != null) {
                o.withLocalRepositoryOverride(localRepository);
            }
            context = Runtimes.INSTANCE.getRuntime().create(o.build());
        }
        return context;
    }

    private void closeContext() {
        session = null;
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    public synchronized void close() {
        closeContext();
    }

    /** Where {@link RepositorySystem} looks up the parents and BOMs of a POM being built. */
    private static final class RepositoryModelResolver implements org.apache.maven.model.resolution.ModelResolver {
        private final RepositorySystem system;
        private final RepositorySystemSession session;
        private final List<RemoteRepository> repositories;

        RepositoryModelResolver(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repos) {
            this.system = system;
            this.session = session;
            this.repositories = new ArrayList<>(repos);
        }

        @Override
        public org.apache.maven.model.building.ModelSource resolveModel(String groupId, String artifactId,
                String version) throws org.apache.maven.model.resolution.UnresolvableModelException {
            try {
                org.eclipse.aether.resolution.ArtifactRequest request = new org.eclipse.aether.resolution.ArtifactRequest(
                        new DefaultArtifact(groupId, artifactId, "", "pom", version), repositories, null);
                File pom = system.resolveArtifact(session, request).getArtifact().getFile();
                return new org.apache.maven.model.building.FileModelSource(pom);
            } catch (org.eclipse.aether.resolution.ArtifactResolutionException e) {
                throw new org.apache.maven.model.resolution.UnresolvableModelException(e.getMessage(), groupId,
                        artifactId, version, e);
            }
        }

        @Override
        public org.apache.maven.model.building.ModelSource resolveModel(org.apache.maven.model.Parent parent)
                throws org.apache.maven.model.resolution.UnresolvableModelException {
            return resolveModel(parent.getGroupId(), parent.getArtifactId(), parent.getVersion());
        }

        @Override
        public org.apache.maven.model.building.ModelSource resolveModel(org.apache.maven.model.Dependency dependency)
                throws org.apache.maven.model.resolution.UnresolvableModelException {
            return resolveModel(dependency.getGroupId(), dependency.getArtifactId(), dependency.getVersion());
        }

        @Override
        public void addRepository(org.apache.maven.model.Repository repository) {
            addRepository(repository, false);
        }

        @Override
        public void addRepository(org.apache.maven.model.Repository repository, boolean replace) {
            boolean known = repositories.stream().anyMatch(r -> r.getId().equals(repository.getId()));
            if (known && !replace) {
                return;
            }
            repositories.removeIf(r -> r.getId().equals(repository.getId()));
            repositories.add(new RemoteRepository.Builder(repository.getId(), "default", repository.getUrl()).build());
        }

        @Override
        public org.apache.maven.model.resolution.ModelResolver newCopy() {
            return new RepositoryModelResolver(system, session, repositories);
        }
    }
}
