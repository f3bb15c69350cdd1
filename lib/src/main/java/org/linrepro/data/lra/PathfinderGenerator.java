package org.linrepro.data.lra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.linrepro.util.LinreproException;

/**
 * Our generator of Pathfinder images (Linsley et al. 2018; LRA Pathfinder / Path-X, CATALOGUE LRA-T6): two
 * round markers, and the question whether a dashed curve connects them. Every image has two long dashed curves
 * ("contours") of {@code contourLength} dashes plus short distractor curves; a positive image puts both markers on
 * the two ends of one contour, a negative one puts one marker on an end of each contour, so counting curves or ends
 * gives nothing away. Markers are at least {@code seedDistance} pixels apart in both classes.
 *
 * <p>Parameters follow the LRA TFDS builder's documented settings of the original generator
 * ({@code lra_benchmarks/data/pathfinder.py}): at 32×32 paddle (dash) length 2, gap 1, thickness 0.5, marker radius
 * 1.5, seed distance 7, distractor length = contour length // 3, 20 // distractor length distractors; at 128×128
 * gap 2–3, thickness 1.5, marker radius 3, seed distance 20, 35 // distractor length distractors. The difficulty splits
 * are the original's contour lengths: intermediate {@code curv_contour_length_9} = 9, hard
 * {@code curv_contour_length_14} = 14; easy ({@code curv_baseline}) = 6 is the original generator's default as we
 * recall it (UNVERIFIED). Not from the source, our choices: the dash length at 128 (5), curvature as a maximum turn of
 * {@code continuity}·45° per dash, anti-aliasing by pixel distance. So the images are of the same kind, not the
 * released pixels.
 *
 * <p>Image {@code i} of a run depends only on (parameters, seed, i); labels are balanced (a seeded permutation of
 * ⌈n/2⌉ ones and ⌊n/2⌋ zeros).
 */
public final class PathfinderGenerator {

    public enum Difficulty {
        EASY(6), INTERMEDIATE(9), HARD(14);

        private final int contourLength;

        Difficulty(int contourLength) {
            this.contourLength = contourLength;
        }

        public int contourLength() {
            return contourLength;
        }

        public static Difficulty parse(String s) {
            for (Difficulty d : values()) {
                if (d.name().equalsIgnoreCase(s.trim())) {
                    return d;
                }
            }
            throw new LinreproException("unknown Pathfinder difficulty '" + s + "'; known: easy, intermediate, hard");
        }
    }

    /** Geometry of one resolution; {@link #of} gives the LRA settings. */
    public record Params(int resolution, int contourLength, double paddleLength, int marginMin, int marginMax,
            double thickness, double markerRadius, double seedDistance, double continuity, int distractorLength,
            int distractors) {

        public Params {
            if (resolution < 16 || resolution > 512) {
                throw new LinreproException("Pathfinder: resolution must be between 16 and 512, got " + resolution);
            }
            if (contourLength < 2 || distractorLength < 1 || distractors < 0) {
                throw new LinreproException("Pathfinder: contour length must be ≥ 2 and distractor length ≥ 1, got "
                        + contourLength + " and " + distractorLength);
            }
        }

        /** LRA Pathfinder (32) or Path-X (128) settings at a difficulty; other resolutions scale the 32 settings. */
        public static Params of(int resolution, Difficulty difficulty) {
            int c = difficulty.contourLength();
            int dl = Math.max(1, c / 3);
            if (resolution == 128) {
                return new Params(128, c, 5, 2, 3, 1.5, 3, 20, 1.0, dl, 35 / dl);
            }
            if (resolution == 32) {
                return new Params(32, c, 2, 1, 1, 0.5, 1.5, 7, 1.0, dl, 20 / dl);
            }
            double s = resolution / 32.0;
            return new Params(resolution, c, 2 * s, (int) Math.max(1, Math.round(s)), (int) Math.max(1, Math.round(s)),
                    0.5 * s, 1.5 * s, 7 * s, 1.0, dl, 20 / dl);
        }
    }

    /** One image: row-major 8-bit gray pixels and the label (1 = the markers are connected). */
    public record Image(byte[] pixels, int label) {}

    private static final int ATTEMPTS = 400;

    private final Params p;
    private final long seed;

    public PathfinderGenerator(Params params, long seed) {
        this.p = params;
        this.seed = seed;
    }

    /** Labels of images 0..n−1: balanced, in a seeded order. */
    public int[] labels(int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = i < (n + 1) / 2 ? 1 : 0;
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = l[i];
            l[i] = l[j];
            l[j] = t;
        }
        return l;
    }

    /** Images 0..n−1 with {@link #labels}. */
    public List<Image> generate(int n) {
        int[] labels = labels(n);
        List<Image> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(image(i, labels[i]));
        }
        return out;
    }

    /** Image {@code index} with the given label, from its own random stream. */
    public Image image(int index, int label) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Image img = tryImage(r, label);
            if (img != null) {
                return img;
            }
        }
        throw new LinreproException(String.format(Locale.ROOT, "Pathfinder: could not place %d-dash contours on a "
                + "%d×%d canvas in %d attempts; lower the contour length", p.contourLength(), p.resolution(),
                p.resolution(), ATTEMPTS));
    }

    private Image tryImage(SplittableRandom r, int label) {
        Canvas c = new Canvas(p);
        double[][] a = c.contour(r, 1, p.contourLength());
        double[][] b = a == null ? null : c.contour(r, 2, p.contourLength());
        if (b == null) {
            return null;
        }
        double[] m1 = a[0];
        double[] m2 = label == 1 ? a[1] : (r.nextBoolean() ? b[0] : b[1]);
        if (Math.hypot(m1[0] - m2[0], m1[1] - m2[1]) < p.seedDistance()) {
            return null;
        }
        for (int d = 0; d < p.distractors(); d++) {
            c.contour(r, 3 + d, p.distractorLength()); // a distractor that does not fit is simply left out
        }
        c.disk(m1, p.markerRadius());
        c.disk(m2, p.markerRadius());
        return new Image(c.toBytes(), label);
    }

    /** Float canvas with an ownership map so curves do not touch each other. */
    private static final class Canvas {
        private final Params p;
        private final int n;
        private final float[] ink;
        private final int[] owner; // curve id * 1024 + dash index + 1, 0 = free

        Canvas(Params p) {
            this.p = p;
            this.n = p.resolution();
            this.ink = new float[n * n];
            this.owner = new int[n * n];
        }

        /** Draws a dashed curve of {@code dashes} dashes; returns its two end points, or null if it did not fit. */
        double[][] contour(SplittableRandom r, int id, int dashes) {
            double pad = 1; // the original's padding = 1 (markers may touch the border)
            for (int attempt = 0; attempt < 200; attempt++) {
                double x = pad + r.nextDouble() * (n - 2 * pad);
                double y = pad + r.nextDouble() * (n - 2 * pad);
                double angle = r.nextDouble() * 2 * Math.PI;
                List<double[]> segs = new ArrayList<>();
                int[] saved = owner.clone();
                boolean ok = true;
                for (int k = 0; k < dashes && ok; k++) {
                    double x2 = x + p.paddleLength() * Math.cos(angle);
                    double y2 = y + p.paddleLength() * Math.sin(angle);
                    if (x2 < pad || y2 < pad || x2 > n - 1 - pad || y2 > n - 1 - pad || !free(x, y, x2, y2, id, k)) {
                        ok = false;
                        break;
                    }
                    claim(x, y, x2, y2, id, k);
                    segs.add(new double[] {x, y, x2, y2});
                    int gap = p.marginMin() + r.nextInt(p.marginMax() - p.marginMin() + 1);
                    x = x2 + gap * Math.cos(angle);
                    y = y2 + gap * Math.sin(angle);
                    angle += (r.nextDouble() * 2 - 1) * p.continuity() * Math.PI / 4;
                }
                if (ok) {
                    for (double[] s : segs) {
                        stroke(s);
                    }
                    double[] first = segs.get(0);
                    double[] last = segs.get(segs.size() - 1);
                    return new double[][] {{first[0], first[1]}, {last[2], last[3]}};
                }
                System.arraycopy(saved, 0, owner, 0, owner.length);
            }
            return null;
        }

        private double halo() {
            return p.thickness() / 2 + 1.0;
        }

        /** No pixel near the dash belongs to another curve, or to this curve except its previous dash. */
        private boolean free(double x1, double y1, double x2, double y2, int id, int k) {
            double h = halo();
            for (int py = (int) Math.floor(Math.min(y1, y2) - h); py <= Math.ceil(Math.max(y1, y2) + h); py++) {
                for (int px = (int) Math.floor(Math.min(x1, x2) - h); px <= Math.ceil(Math.max(x1, x2) + h); px++) {
                    if (px < 0 || py < 0 || px >= n || py >= n || distance(px, py, x1, y1, x2, y2) > h) {
                        continue;
                    }
                    int o = owner[py * n + px];
                    if (o != 0 && !(o / 1024 == id && (o % 1024) - 1 >= k - 1)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private void claim(double x1, double y1, double x2, double y2, int id, int k) {
            double h = p.thickness() / 2 + 0.5;
            for (int py = (int) Math.floor(Math.min(y1, y2) - h); py <= Math.ceil(Math.max(y1, y2) + h); py++) {
                for (int px = (int) Math.floor(Math.min(x1, x2) - h); px <= Math.ceil(Math.max(x1, x2) + h); px++) {
                    if (px >= 0 && py >= 0 && px < n && py < n && distance(px, py, x1, y1, x2, y2) <= h) {
                        owner[py * n + px] = id * 1024 + k + 1;
                    }
                }
            }
        }

        private void stroke(double[] s) {
            double h = p.thickness() / 2;
            for (int py = (int) Math.floor(Math.min(s[1], s[3]) - h - 1); py <= Math.ceil(Math.max(s[1], s[3]) + h + 1); py++) {
                for (int px = (int) Math.floor(Math.min(s[0], s[2]) - h - 1); px <= Math.ceil(Math.max(s[0], s[2]) + h + 1); px++) {
                    if (px >= 0 && py >= 0 && px < n && py < n) {
                        // coverage falls off linearly over one pixel outside the stroke: cheap anti-aliasing
                        double v = 1 - Math.max(0, distance(px, py, s[0], s[1], s[2], s[3]) - h);
                        if (v > 0) {
                            ink[py * n + px] = (float) Math.max(ink[py * n + px], v);
                        }
                    }
                }
            }
        }

        void disk(double[] c, double radius) {
            for (int py = (int) Math.floor(c[1] - radius - 1); py <= Math.ceil(c[1] + radius + 1); py++) {
                for (int px = (int) Math.floor(c[0] - radius - 1); px <= Math.ceil(c[0] + radius + 1); px++) {
                    if (px >= 0 && py >= 0 && px < n && py < n) {
                        double v = 1 - Math.max(0, Math.hypot(px - c[0], py - c[1]) - radius);
                        if (v > 0) {
                            ink[py * n + px] = (float) Math.max(ink[py * n + px], v);
                        }
                    }
                }
            }
        }

        byte[] toBytes() {
            byte[] b = new byte[ink.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) Math.round(255 * Math.min(1f, ink[i]));
            }
            return b;
        }

        private static double distance(double px, double py, double x1, double y1, double x2, double y2) {
            double dx = x2 - x1;
            double dy = y2 - y1;
            double len2 = dx * dx + dy * dy;
            double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len2));
            return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
        }
    }
}
