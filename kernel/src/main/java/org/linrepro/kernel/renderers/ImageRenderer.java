package org.linrepro.kernel.renderers;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import org.linrepro.kernel.Renderer;

/** AWT images (e.g. {@code BufferedImage}) as PNG. */
public final class ImageRenderer implements Renderer {

    @Override
    public Class<?> type() {
        return RenderedImage.class;
    }

    @Override
    public Map<String, Object> render(Object value) throws Exception {
        RenderedImage image = (RenderedImage) value;
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("image/png", png.toByteArray());
        out.put("text/plain", "image " + image.getWidth() + "x" + image.getHeight());
        return out;
    }
}
