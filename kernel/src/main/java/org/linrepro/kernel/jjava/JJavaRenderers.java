package org.linrepro.kernel.jjava;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.linrepro.kernel.RendererRegistry;

/**
 * linrepro's renderers (Tablesaw tables, XChart charts, DJL NDArrays, images, verdict lists) for stock JJava: a JJava
 * {@link Extension}, found by JJava's ServiceLoader when {@code %jars} (or {@code %classpath}/{@code %maven}) adds
 * the kernel jar, so a notebook shows the same tables and charts under either kernel. linrepro's own kernel does not
 * use it (it has the renderers built in).
 *
 * <p>JJava loads extensions through a class loader whose parent is the notebook's, so the renderers found here see
 * the same Tablesaw/XChart/DJL classes as the cells.
 */
public final class JJavaRenderers implements Extension {

    private static final List<String> MIME_TYPES = List.of("text/html", "image/png", "text/plain");

    @Override
    public void install(BaseKernel kernel) {
        register(kernel.getRenderer(), JJavaRenderers.class.getClassLoader());
    }

    /** Registers, with JJava's renderer, one render function per rendered type that linrepro's registry knows. */
    public static void register(Renderer jjava, ClassLoader notebookLoader) {
        RendererRegistry ours = new RendererRegistry().discover(notebookLoader);
        Set<Class<?>> types = new LinkedHashSet<>();
        for (org.linrepro.kernel.Renderer r : ours.renderers()) {
            types.add(r.type());
        }
        for (Class<?> type : types) {
            registerType(jjava, type, ours);
        }
    }

    private static <T> void registerType(Renderer jjava, Class<T> type, RendererRegistry ours) {
        jjava.createRegistration(type).supporting(MIME_TYPES.toArray(String[]::new))
                .preferring(MIME_TYPES.toArray(String[]::new))
                .register((value, context) -> {
                    // the most specific of linrepro's renderers; a value none accepts (a List of non-verdicts) keeps
                    // JJava's own text
                    if (ours.find(value).isEmpty()) {
                        return;
                    }
                    Map<String, Object> bundle = ours.render(value);
                    bundle.forEach((mime, data) -> context.renderIfRequested(MIMEType.parse(mime), () -> data));
                });
    }
}
