package org.linrepro.results;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes a finished verdict reusable: the same claim, effective config, seed, code and kind of device. Any change
 * in one of them is another key, so a stored result is only ever reused for exactly the run that made it.
 */
public record ResultKey(String claimId, String configHash, long seed, String codeVersion, String deviceKind) {

    /** SHA-256 of the fields, one per line, as 32 hex digits: the store's file name. */
    public String hash() {
        String text = "claim=" + claimId + "\nconfig=" + configHash + "\nseed=" + seed + "\ncode=" + codeVersion
                + "\ndevice=" + deviceKind + "\n";
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
