package org.linrepro.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * {@code java -jar linrepro-kernel.jar CONNECTION_FILE}: runs the kernel for Jupyter (the kernelspec's argv).
 * {@code java -jar linrepro-kernel.jar install|uninstall ...} goes to {@link KernelCli}.
 *
 * <p>The notebook's classpath comes from {@value #CLASSPATH_ENV} (patterns joined with the path separator; globs
 * allowed), set by the kernelspec.
 */
public final class KernelMain {

    /** The classpath preloaded into every notebook. */
    public static final String CLASSPATH_ENV = "LINREPRO_KERNEL_CLASSPATH";

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && Set.of("install", "uninstall", "help", "--help", "-h").contains(args[0])) {
            System.exit(KernelCli.run(args, System.out, System.err));
        }
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: java -jar linrepro-kernel.jar CONNECTION_FILE   (as Jupyter starts it)\n"
                    + "       java -jar linrepro-kernel.jar install|uninstall [options]   (see 'help')\n"
                    + "got: " + Arrays.toString(args));
            System.exit(2);
        }
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new KernelConnection(props);
        LinreproKernel kernel = LinreproKernel.starting(System.getenv(CLASSPATH_ENV), Path.of("").toAbsolutePath());
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }
}
