package org.linrepro.data.lra;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level tokens as LRA Text and Retrieval use them (tfds {@code ByteTextEncoder}): the UTF-8 bytes of the text,
 * id = byte + 1 so that 0 stays the padding id (vocabulary 257), truncated to {@code maxLength}.
 */
public final class ByteTokens {
    public static final int VOCABULARY = 257;

    private ByteTokens() {}

    public static int[] encode(String text, int maxLength) {
        return encode(text.getBytes(StandardCharsets.UTF_8), maxLength);
    }

    public static int[] encode(byte[] bytes, int maxLength) {
        int n = Math.min(bytes.length, maxLength);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = (bytes[i] & 0xFF) + 1;
        }
        return t;
    }
}
