package org.linrepro.data.lra;

import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.linrepro.util.LinreproException;

/**
 * Writes and reads a Pathfinder folder: {@code images/NNNNNN.png} (8-bit grayscale) and {@code labels.tsv}
 * (header {@code file\tlabel}, paths relative to the folder).
 */
public final class PathfinderFiles {
    private PathfinderFiles() {}

    public static void write(Path dir, int resolution, List<PathfinderGenerator.Image> images) throws IOException {
        Path imgDir = dir.resolve("images");
        Files.createDirectories(imgDir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("labels.tsv"), StandardCharsets.UTF_8)) {
            w.write("file\tlabel\n");
            for (int i = 0; i < images.size(); i++) {
                String name = String.format(Locale.ROOT, "images/%06d.png", i);
                writePng(dir.resolve(name), resolution, images.get(i).pixels());
                w.write(name + "\t" + images.get(i).label() + "\n");
            }
        }
    }

    static void writePng(Path file, int resolution, byte[] pixels) throws IOException {
        BufferedImage img = new BufferedImage(resolution, resolution, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, resolution, resolution, pixels);
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /** Reads a folder written by {@link #write}. */
    public static List<PathfinderGenerator.Image> read(Path dir) throws IOException {
        Path labels = dir.resolve("labels.tsv");
        if (!Files.isRegularFile(labels)) {
            throw new LinreproException(dir + ": no labels.tsv (write one with: ./linrepro data generate pathfinder --out "
                    + dir + ")");
        }
        List<String> lines = Files.readAllLines(labels, StandardCharsets.UTF_8);
        List<PathfinderGenerator.Image> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split("\t");
            BufferedImage img = ImageIO.read(dir.resolve(f[0]).toFile());
            if (img == null || img.getType() != BufferedImage.TYPE_BYTE_GRAY) {
                throw new LinreproException(dir.resolve(f[0]) + ": not an 8-bit grayscale PNG");
            }
            byte[] px = new byte[img.getWidth() * img.getHeight()];
            img.getRaster().getDataElements(0, 0, img.getWidth(), img.getHeight(), px);
            out.add(new PathfinderGenerator.Image(px, Integer.parseInt(f[1].trim())));
        }
        return out;
    }
}
