package org.linrepro.kernel;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Installs and removes the kernelspec.
 *
 * <pre>
 * install   [--user | --prefix DIR | --sys-prefix] [--name java] [--display-name NAME] [--classpath CP]
 *           [--java PATH] [--jvm-opt OPT]... [--jar PATH] [--force]
 * uninstall [--user | --prefix DIR | --sys-prefix] [--name java] [--force]
 * </pre>
 *
 * Locations are Jupyter's: {@code --user} (the default) is the user data folder ({@code $JUPYTER_DATA_DIR}, else
 * {@code ~/.local/share/jupyter}, {@code ~/Library/Jupyter} on macOS, {@code %APPDATA%\jupyter} on Windows);
 * {@code --prefix DIR} is {@code DIR/share/jupyter}; {@code --sys-prefix} is Python's {@code sys.prefix}/share/jupyter.
 * The kernelspec goes to {@code kernels/NAME} there. A kernelspec of the same name that linrepro did not write (a
 * stock IJava/JJava {@code java}) is only replaced or removed with {@code --force}.
 */
public final class KernelCli {

    public static final String DEFAULT_NAME = "java";
    public static final String DISPLAY_NAME = "Java (linrepro)";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private KernelCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        try {
            Options o = Options.parse(args);
            Path dir = kernelsDir(o).resolve(o.name);
            if (o.command.equals("install")) {
                install(o, dir);
                out.println("Installed kernelspec '" + o.name + "' (" + o.displayName + ") in " + dir);
            } else {
                if (!Files.isDirectory(dir)) {
                    out.println("No kernelspec '" + o.name + "' in " + dir.getParent() + "; nothing to remove");
                    return 0;
                }
                if (!o.force && !isOurs(dir)) {
                    throw new IllegalArgumentException(dir + " holds a kernelspec linrepro did not install;"
                            + " use --force to remove it anyway");
                }
                deleteTree(dir);
                out.println("Removed kernelspec '" + o.name + "' from " + dir);
            }
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("linrepro kernel: " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: install   [--user | --prefix DIR | --sys-prefix] [--name java] [--display-name NAME]",
                "                 [--classpath CP] [--java PATH] [--jvm-opt OPT]... [--jar PATH] [--force]",
                "       uninstall [--user | --prefix DIR | --sys-prefix] [--name java] [--force]",
                "  --classpath CP  jars, folders or globs (joined with '" + File.pathSeparator + "') every notebook starts with;",
                "                  relative entries are made absolute. Quote globs: --classpath 'target/lib/*'");
    }

    static void install(Options o, Path dir) throws IOException {
        Path jar = o.jar != null ? o.jar.toAbsolutePath().normalize() : ownJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("kernel jar " + jar + " does not exist (build it: mvn package)");
        }
        if (Files.isDirectory(dir) && !o.force && !isOurs(dir)) {
            throw new IllegalArgumentException(dir + " holds a kernelspec linrepro did not install (IJava/JJava?);"
                    + " use --force to replace it, or --name to pick another name");
        }
        Files.createDirectories(dir);
        Path json = dir.resolve("kernel.json");
        Files.writeString(json, GSON.toJson(kernelJson(o, jar)) + "\n", StandardCharsets.UTF_8);
    }

    static Map<String, Object> kernelJson(Options o, Path jar) {
        List<String> argv = new ArrayList<>();
        argv.add(o.java != null ? o.java : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-Dai.djl.offline=true");
        argv.add("-Djava.awt.headless=true");
        argv.add("-Dfile.encoding=UTF-8");
        argv.addAll(o.jvmOpts);
        argv.add("-jar");
        argv.add(jar.toString());
        argv.add("{connection_file}");
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("OPT_OUT_TRACKING", "true");
        env.put(KernelMain.CLASSPATH_ENV, absoluteClasspath(o.classpath));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", o.displayName);
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        spec.put("env", env);
        spec.put("metadata", Map.of("linrepro", Map.of("kernel", LinreproKernel.VERSION)));
        return spec;
    }

    /** Each entry made absolute (globs kept); {@code ~/} expanded. */
    static String absoluteClasspath(String cp) {
        if (cp == null || cp.isBlank()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        for (String e : cp.split(File.pathSeparator)) {
            String entry = e.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("~") || entry.startsWith("~/")) {
                entry = System.getProperty("user.home") + entry.substring(1);
            }
            boolean absolute = entry.startsWith("/") || entry.matches("^[A-Za-z]:[\\\\/].*");
            out.add(absolute ? entry : cwd.toString() + File.separator + entry);
        }
        return String.join(File.pathSeparator, out);
    }

    static boolean isOurs(Path dir) {
        Path json = dir.resolve("kernel.json");
        if (!Files.isRegularFile(json)) {
            return !Files.exists(json) && isEmptyDir(dir);
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
            return (o.has("metadata") && o.getAsJsonObject("metadata").has("linrepro"))
                    || (o.has("argv") && o.get("argv").toString().contains("linrepro-kernel"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isEmptyDir(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** The jar this class was loaded from. */
    static Path ownJar() {
        try {
            Path p = Path.of(KernelCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                return p;
            }
            throw new IllegalArgumentException("not running from the kernel jar (" + p + "); give --jar PATH");
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("cannot tell where the kernel jar is; give --jar PATH");
        }
    }

    /** {@code kernels} under the chosen Jupyter data folder. */
    static Path kernelsDir(Options o) {
        switch (o.location) {
            case "prefix":
                return o.prefix.toAbsolutePath().normalize().resolve("share/jupyter/kernels");
            case "sys-prefix":
                return pythonSysPrefix().resolve("share/jupyter/kernels");
            default:
                return userDataDir().resolve("kernels");
        }
    }

    /** Jupyter's user data folder, as {@code jupyter --data-dir} tells it. */
    static Path userDataDir() {
        String explicit = System.getenv("JUPYTER_DATA_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return home.resolve("Library/Jupyter");
        }
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData != null ? Path.of(appData) : home.resolve("AppData/Roaming")).resolve("jupyter");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share")).resolve("jupyter");
    }

    private static Path pythonSysPrefix() {
        // The Python that has Jupyter: its sys.prefix is where --sys-prefix installs.
        for (String python : List.of("python3", "/usr/bin/python3", "python")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import sys, jupyter_core; print(sys.prefix)")
                        .redirectErrorStream(true).start();
                String prefix = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && !prefix.isEmpty()) {
                    return Path.of(prefix);
                }
            } catch (IOException e) {
                // try the next name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalArgumentException("--sys-prefix needs Jupyter's Python (python3 that can import jupyter_core)");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Parsed command line. */
    static final class Options {
        String command;
        String location = "user";
        Path prefix;
        String name = DEFAULT_NAME;
        String displayName = DISPLAY_NAME;
        String classpath;
        String java;
        Path jar;
        boolean force;
        final List<String> jvmOpts = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            o.command = args[0];
            if (!o.command.equals("install") && !o.command.equals("uninstall")) {
                throw new IllegalArgumentException("unknown command '" + o.command + "'\n" + usage());
            }
            int chosen = 0;
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--user":
                        o.location = "user";
                        chosen++;
                        break;
                    case "--sys-prefix":
                        o.location = "sys-prefix";
                        chosen++;
                        break;
                    case "--prefix":
                        o.location = "prefix";
                        o.prefix = Path.of(value(args, ++i, a));
                        chosen++;
                        break;
                    case "--name":
                        o.name = value(args, ++i, a);
                        if (!o.name.matches("[A-Za-z0-9._-]+")) {
                            throw new IllegalArgumentException("kernel names are letters, digits, '.', '_' and '-'");
                        }
                        break;
                    case "--display-name":
                        o.displayName = value(args, ++i, a);
                        break;
                    case "--classpath":
                        o.classpath = value(args, ++i, a);
                        break;
                    case "--java":
                        o.java = value(args, ++i, a);
                        break;
                    case "--jvm-opt":
                        o.jvmOpts.add(value(args, ++i, a));
                        break;
                    case "--jar":
                        o.jar = Path.of(value(args, ++i, a));
                        break;
                    case "--force":
                        o.force = true;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option '" + a + "'\n" + usage());
                }
            }
            if (chosen > 1) {
                throw new IllegalArgumentException("give only one of --user, --prefix DIR, --sys-prefix");
            }
            if (o.command.equals("uninstall") && (o.classpath != null || o.java != null || o.jar != null)) {
                throw new IllegalArgumentException("uninstall takes only a location, --name and --force");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
