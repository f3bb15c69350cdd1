package org.linrepro.kernel.magic;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Classpath entries from glob patterns, for {@code %classpath}, {@code %jars} and the preloaded classpath.
 *
 * <p>An entry is a jar (or zip) file or a class folder. A pattern may hold {@code *}, {@code ?}, {@code [..]},
 * {@code {a,b}} in any segment and {@code **} across folders; {@code dir/*} takes the jars in {@code dir} (the
 * {@code java -cp} habit), folders only when named without a wildcard. Relative patterns are taken from a base
 * folder (the kernel's working folder: the notebook's), {@code ~/} from the home folder. Several patterns may be
 * joined with the path separator ({@code :} here).
 */
public final class Globs {

    private Globs() {
    }

    /**
     * Resolves each pattern; a pattern that matches no jar or folder is an error naming it, except a glob whose folder
     * exists (a jar not built yet, e.g. {@code ../kernel/target/linrepro-kernel*.jar} before {@code mvn package}),
     * which is only reported on stderr.
     */
    public static List<Path> resolve(List<String> patterns, Path base) {
        List<Path> out = new ArrayList<>();
        for (String arg : patterns) {
            for (String pattern : arg.split(File.pathSeparator)) {
                if (pattern.isBlank()) {
                    continue;
                }
                List<Path> found = resolve(pattern.trim(), base);
                if (found.isEmpty() && globInExistingFolder(pattern.trim(), base)) {
                    System.err.println("nothing matches '" + pattern.trim() + "' (yet); skipped");
                    continue;
                }
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("no jar or class folder matches '" + pattern.trim() + "'"
                            + (Path.of(expandHome(pattern.trim())).isAbsolute() ? "" : " (relative to " + base + ")"));
                }
                for (Path p : found) {
                    if (!out.contains(p)) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    /** One pattern's matches, sorted; empty when nothing matches. */
    public static List<Path> resolve(String pattern, Path base) {
        String p = expandHome(pattern).replace('\\', '/');
        int firstGlob = indexOfGlob(p);
        if (firstGlob < 0) {
            Path path = base.resolve(p).normalize();
            return Files.isDirectory(path) || isArchive(path) ? List.of(path) : List.of();
        }
        int cut = p.lastIndexOf('/', firstGlob);
        String dirPart = cut < 0 ? "" : p.substring(0, cut + 1);
        String globPart = cut < 0 ? p : p.substring(cut + 1);
        Path dir = dirPart.isEmpty() ? base : base.resolve(dirPart).normalize();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + globPart);
        int depth = globPart.contains("**") ? Integer.MAX_VALUE : globPart.split("/").length;
        try (Stream<Path> walk = Files.walk(dir, depth)) {
            return walk.filter(f -> !f.equals(dir))
                    .filter(f -> matcher.matches(dir.relativize(f)))
                    .filter(Globs::isArchive)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean globInExistingFolder(String pattern, Path base) {
        String p = expandHome(pattern).replace('\\', '/');
        int firstGlob = indexOfGlob(p);
        if (firstGlob < 0) {
            return false;
        }
        int cut = p.lastIndexOf('/', firstGlob);
        return Files.isDirectory(cut < 0 ? base : base.resolve(p.substring(0, cut + 1)).normalize());
    }

    private static String expandHome(String p) {
        if (p.equals("~") || p.startsWith("~/")) {
            return System.getProperty("user.home") + p.substring(1);
        }
        return p;
    }

    private static int indexOfGlob(String p) {
        for (int i = 0; i < p.length(); i++) {
            if ("*?[{".indexOf(p.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isArchive(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".jar") || name.endsWith(".zip"));
    }
}
