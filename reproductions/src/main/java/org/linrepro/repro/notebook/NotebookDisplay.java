package org.linrepro.repro.notebook;

import java.lang.reflect.Method;
import java.util.UUID;

/**
 * A display in the running notebook cell that can be replaced in place (Jupyter's {@code display_data} with a
 * display id, then {@code update_display_data}), under linrepro's kernel or stock JJava; {@link #open()} gives null
 * outside a notebook (tests, the CLI).
 *
 * <p>Looked up by reflection because neither kernel is a dependency of the library: linrepro's kernel through its
 * {@code org.linrepro.kernel.Notebook} statics (the kernel's class loader is a parent of the notebook's), JJava
 * through {@code BaseKernel.notebookKernel().getIO().display}.
 */
public abstract class NotebookDisplay {

    /** Shows {@code html} (with {@code text} for plain frontends); the first call creates the display. */
    public abstract void show(String html, String text);

    /** A display for the running cell, or null when no notebook kernel runs in this JVM. */
    public static NotebookDisplay open() {
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), NotebookDisplay.class.getClassLoader()};
        for (ClassLoader l : loaders) {
            NotebookDisplay d = linrepro(l);
            if (d == null) {
                d = jjava(l);
            }
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static NotebookDisplay linrepro(ClassLoader loader) {
        try {
            Class<?> nb = Class.forName("org.linrepro.kernel.Notebook", true, loader);
            Method running = nb.getMethod("isRunning");
            if (!(Boolean) running.invoke(null)) {
                return null;
            }
            Method display = nb.getMethod("displayData", java.util.Map.class);
            Method update = nb.getMethod("updateDisplayData", String.class, java.util.Map.class);
            return new NotebookDisplay() {
                private String id;

                @Override
                public void show(String html, String text) {
                    try {
                        java.util.Map<String, String> bundle = java.util.Map.of("text/html", html, "text/plain", text);
                        if (id == null) {
                            id = (String) display.invoke(null, bundle);
                        } else {
                            update.invoke(null, id, bundle);
                        }
                    } catch (ReflectiveOperationException e) {
                        // the cell's output is gone (cell finished); nothing to show it in
                    }
                }
            };
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    private static NotebookDisplay jjava(ClassLoader loader) {
        try {
            Class<?> base = Class.forName("org.dflib.jjava.jupyter.kernel.BaseKernel", true, loader);
            Object kernel = base.getMethod("notebookKernel").invoke(null);
            Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
            Object stream = io.getClass().getField("display").get(io);
            Class<?> dataType = Class.forName("org.dflib.jjava.jupyter.kernel.display.DisplayData", true, loader);
            Method putData = dataType.getMethod("putData", String.class, Object.class);
            Method setId = dataType.getMethod("setDisplayId", String.class);
            Method display = stream.getClass().getMethod("display", dataType);
            Method update = stream.getClass().getMethod("updateDisplay", String.class, dataType);
            String id = UUID.randomUUID().toString();
            return new NotebookDisplay() {
                private boolean shown;

                @Override
                public void show(String html, String text) {
                    try {
                        Object data = dataType.getConstructor().newInstance();
                        putData.invoke(data, "text/html", html);
                        putData.invoke(data, "text/plain", text);
                        if (shown) {
                            update.invoke(stream, id, data);
                        } else {
                            setId.invoke(data, id);
                            display.invoke(stream, data);
                            shown = true;
                        }
                    } catch (ReflectiveOperationException e) {
                        // no cell to show it in
                    }
                }
            };
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null; // no JJava, or no kernel running (notebookKernel() throws)
        }
    }
}
