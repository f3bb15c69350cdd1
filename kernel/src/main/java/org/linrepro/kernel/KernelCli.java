package org.linrepro.kernel;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Installs and removes the kernelspec: {@code install} and {@code uninstall} (see {@code --help}).
 *
 * <p>Locations are Jupyter's own (jupyter_core's {@code jupyter_data_dir()}): {@code --user} (the default) is
 * {@code $JUPYTER_DATA_DIR}, else {@code $XDG_DATA_HOME/jupyter}, else {@code $HOME/.local/share/jupyter} — the
 * {@code HOME} of the environment, as Python's {@code expanduser} reads it, not the passwd home Java's
 * {@code user.home} holds ({@code ~/Library/Jupyter} on macOS, {@code %APPDATA%\jupyter} on Windows);
 * {@code --prefix DIR} is {@code DIR/share/jupyter}; {@code --sys-prefix} is Python's {@code sys.prefix}/share/jupyter.
 * The kernelspec goes to {@code kernels/NAME} there, with {@code kernel.json} and the logos. A kernelspec of the same
 * name that linrepro did not write (a stock IJava/JJava {@code java}) is only replaced or removed with
 * {@code --force}.
 */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Install or remove the Jupyter kernel for Java (kernelspec 'java', \"Java (linrepro)\").",
        subcommands = {KernelCli.Install.class, KernelCli.Uninstall.class, CommandLine.HelpCommand.class})
public final class KernelCli implements Callable<Integer> {

    public static final String DEFAULT_NAME = "java";
    public static final String DISPLAY_NAME = "Java (linrepro)";
    static final int[] LOGO_SIZES = {32, 64};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private final Function<String, String> env;

    KernelCli(Function<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code (1 for bad input or a failed install). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System::getenv);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Function<String, String> env) {
        KernelCli cli = new KernelCli(env);
        cli.out = out;
        cli.err = err;
        CommandLine cl = new CommandLine(cli)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setParameterExceptionHandler((e, a) -> {
                    err.println("linrepro kernel: " + e.getMessage());
                    e.getCommandLine().usage(err);
                    return 1;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    err.println("linrepro kernel: " + (e instanceof IllegalArgumentException || e instanceof IOException
                            ? e.getMessage() : e.toString()));
                    return 1;
                });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return 2;
    }

    /** Where: exactly one of --user, --prefix, --sys-prefix (default --user). */
    static final class Location {
        @Option(names = "--user", description = "Jupyter's user data folder (default)")
        boolean user;

        @Option(names = "--prefix", paramLabel = "DIR", description = "DIR/share/jupyter")
        Path prefix;

        @Option(names = "--sys-prefix", description = "the share/jupyter of the Python that has Jupyter")
        boolean sysPrefix;
    }

    abstract static class Target {
        @CommandLine.ParentCommand
        KernelCli top;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Location location;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = DEFAULT_NAME,
                description = "kernelspec name (default: ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--force", description = "replace or remove a kernelspec linrepro did not write")
        boolean force;

        Path dir() {
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("kernel names are letters, digits, '.', '_' and '-'");
            }
            return top.kernelsDir(location).resolve(name);
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Write kernels/NAME/kernel.json and the logos under the Jupyter data folder.")
    static final class Install extends Target implements Callable<Integer> {
        @Option(names = "--display-name", paramLabel = "NAME", defaultValue = DISPLAY_NAME,
                description = "name shown in Jupyter (default: ${DEFAULT-VALUE})")
        String displayName;

        @Option(names = "--classpath", paramLabel = "CP", description = {
            "jars, folders or globs (joined with the path separator) every notebook starts with;",
            "relative entries are made absolute. Quote globs: --classpath 'target/lib/*'"})
        String classpath;

        @Option(names = "--java", paramLabel = "PATH", description = "the java to run (default: this one)")
        String java;

        @Option(names = "--jvm-opt", paramLabel = "OPT", description = "an option for the kernel's JVM (repeatable)")
        List<String> jvmOpts = new ArrayList<>();

        @Option(names = "--jar", paramLabel = "PATH", description = "the kernel jar (default: the one running)")
        Path jar;

        @Override
        public Integer call() throws IOException {
            Path dir = dir();
            install(this, dir);
            top.out.println("Installed kernelspec '" + name + "' (" + displayName + ") in " + dir);
            return 0;
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Remove kernels/NAME.")
    static final class Uninstall extends Target implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            Path dir = dir();
            if (!Files.isDirectory(dir)) {
                top.out.println("No kernelspec '" + name + "' in " + dir.getParent() + "; nothing to remove");
                return 0;
            }
            if (!force && !isOurs(dir)) {
                throw new IllegalArgumentException(dir + " holds a kernelspec linrepro did not install;"
                        + " use --force to remove it anyway");
            }
            deleteTree(dir);
            top.out.println("Removed kernelspec '" + name + "' from " + dir);
            return 0;
        }
    }

    static void install(Install o, Path dir) throws IOException {
        Path jar = o.jar != null ? o.jar.toAbsolutePath().normalize() : ownJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("kernel jar " + jar + " does not exist (build it: mvn package)");
        }
        if (Files.isDirectory(dir) && !o.force && !isOurs(dir)) {
            throw new IllegalArgumentException(dir + " holds a kernelspec linrepro did not install (IJava/JJava?);"
                    + " use --force to replace it, or --name to pick another name");
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kernel.json"), Json.pretty(kernelJson(o, jar)) + "\n", StandardCharsets.UTF_8);
        for (int size : LOGO_SIZES) {
            Files.write(dir.resolve("logo-" + size + "x" + size + ".png"), KernelLogo.png(size));
        }
    }

    static Map<String, Object> kernelJson(Install o, Path jar) {
        return kernelJson(o.displayName, o.classpath, o.java, o.jvmOpts, jar);
    }

    /** The kernelspec's kernel.json. */
    static Map<String, Object> kernelJson(String displayName, String classpath, String java, List<String> jvmOpts,
            Path jar) {
        List<String> argv = new ArrayList<>();
        argv.add(java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-Dai.djl.offline=true");
        argv.add("-Djava.awt.headless=true");
        argv.add("-Dfile.encoding=UTF-8");
        argv.addAll(jvmOpts);
        argv.add("-jar");
        argv.add(jar.toString());
        argv.add("{connection_file}");
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("OPT_OUT_TRACKING", "true");
        env.put(KernelMain.CLASSPATH_ENV, absoluteClasspath(classpath));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", displayName);
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
            JsonNode o = Json.parse(Files.readString(json));
            return o.path("metadata").has("linrepro") || o.path("argv").toString().contains("linrepro-kernel");
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
    Path kernelsDir(Location l) {
        if (l != null && l.prefix != null) {
            return l.prefix.toAbsolutePath().normalize().resolve("share/jupyter/kernels");
        }
        if (l != null && l.sysPrefix) {
            return pythonSysPrefix().resolve("share/jupyter/kernels");
        }
        return userDataDir(env, System.getProperty("os.name")).resolve("kernels");
    }

    /**
     * Jupyter's user data folder, by jupyter_core's rules ({@code jupyter --data-dir}): {@code JUPYTER_DATA_DIR}; else
     * per OS under the home folder, which is {@code HOME} when set (Python's {@code expanduser}; Java's
     * {@code user.home} is the passwd entry and differs when a container or CI sets {@code HOME}).
     */
    static Path userDataDir(Function<String, String> env, String osName) {
        String explicit = env.apply("JUPYTER_DATA_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = env.apply("APPDATA");
            String profile = env.apply("USERPROFILE");
            Path home = Path.of(profile != null && !profile.isBlank() ? profile : System.getProperty("user.home"));
            return (appData != null && !appData.isBlank() ? Path.of(appData) : home.resolve(".jupyter"))
                    .resolve(appData != null && !appData.isBlank() ? "jupyter" : "data");
        }
        String homeEnv = env.apply("HOME");
        Path home = Path.of(homeEnv != null && !homeEnv.isBlank() ? homeEnv : System.getProperty("user.home"));
        if (os.contains("mac")) {
            return home.resolve("Library/Jupyter");
        }
        String xdg = env.apply("XDG_DATA_HOME");
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
}
