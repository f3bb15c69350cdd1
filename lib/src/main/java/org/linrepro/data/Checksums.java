package org.linrepro.data;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** SHA-256 helpers and the {@code sha256sum}-format checksum list shipped with the library. */
final class Checksums {
    /** Class-path resource (next to this class) holding the expected sha256 of every mirror file. */
    static final String RESOURCE = "SHA256SUMS";

    private static final Pattern LINE = Pattern.compile("^([0-9a-fA-F]{64}) [ *](.+)$");
    private static volatile Map<String, String> shipped;

    private Checksums() {
    }

    /** The expected checksums shipped in the jar, relative path → lower-case hex sha256. */
    static Map<String, String> shipped() {
        Map<String, String> m = shipped;
        if (m == null) {
            try (InputStream in = Checksums.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource org/linrepro/data/" + RESOURCE + " is missing from the classpath");
                }
                m = parse(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read resource org/linrepro/data/" + RESOURCE, e);
            }
            shipped = m;
        }
        return m;
    }

    /** Parses {@code sha256sum} output ({@code <hex>  <path>} or {@code <hex> *<path>}); '#' lines and blank lines are skipped. */
    static Map<String, String> parse(InputStream in) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher mt = LINE.matcher(line);
            if (!mt.matches()) {
                throw new IOException("line " + n + " is not '<sha256>  <path>': " + line);
            }
            String path = mt.group(2).strip();
            if (path.startsWith("./")) {
                path = path.substring(2);
            }
            out.put(path, mt.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Lower-case hex SHA-256 of the file's bytes. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** Lower-case hex SHA-256 of the gzip file's decompressed bytes, or null if it is not valid gzip (bad header, CRC, truncation). */
    static String sha256Gunzipped(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return sha256(in);
        } catch (ZipException | EOFException e) {
            return null;
        }
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        int k;
        while ((k = in.read(buf)) > 0) {
            md.update(buf, 0, k);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
