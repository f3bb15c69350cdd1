package org.linrepro.kernel;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * The kernelspec's logo ({@code logo-32x32.png}, {@code logo-64x64.png}), drawn with Java2D shapes only (no fonts, so
 * it draws the same on a headless machine): a measured curve meeting its reported line, on a dark tile.
 */
public final class KernelLogo {

    private KernelLogo() {
    }

    /** The logo as PNG bytes, {@code size} pixels square. */
    public static byte[] png(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(size / 64.0, size / 64.0);
            g.setColor(new Color(0x1f3a5f));
            g.fill(new RoundRectangle2D.Double(1, 1, 62, 62, 16, 16));
            g.setColor(new Color(0xf0a030));
            g.setStroke(new BasicStroke(3.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new java.awt.geom.Line2D.Double(10, 20, 54, 20)); // the reported value
            g.setColor(new Color(0x7fd0ff));
            g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D curve = new Path2D.Double();
            curve.moveTo(10, 54);
            curve.curveTo(18, 30, 30, 23, 52, 21); // a loss/accuracy curve converging onto it
            g.draw(curve);
            g.setColor(Color.WHITE);
            g.fill(new Ellipse2D.Double(46, 15, 11, 11));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
