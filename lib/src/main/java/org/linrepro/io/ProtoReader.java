package org.linrepro.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.linrepro.util.LinreproException;

/**
 * A minimal reader of the protobuf wire format (varints, length-delimited fields, fixed 32/64): enough to walk
 * an ONNX ModelProto without generated classes. Reads a slice of a buffer; sub-messages are new readers over
 * sub-slices (no copies).
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buf;
    private int field;
    private int wireType;

    ProtoReader(ByteBuffer buf) {
        this.buf = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Advances to the next field; false at the end. */
    boolean next() {
        if (!buf.hasRemaining()) {
            return false;
        }
        long key = varint();
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        return true;
    }

    boolean hasRemaining() {
        return buf.hasRemaining();
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!buf.hasRemaining()) {
                throw new LinreproException("ONNX file is truncated (inside a varint)");
            }
            byte b = buf.get();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new LinreproException("ONNX file is corrupt (varint longer than 10 bytes)");
    }

    /** The current length-delimited field's bytes as a read-only slice. */
    ByteBuffer bytes() {
        int len = (int) varint();
        if (len < 0 || len > buf.remaining()) {
            throw new LinreproException("ONNX file is truncated (field " + field + " wants " + len + " bytes)");
        }
        ByteBuffer out = buf.slice(buf.position(), len).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(buf.position() + len);
        return out;
    }

    ProtoReader message() {
        return new ProtoReader(bytes());
    }

    String string() {
        ByteBuffer b = bytes();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    /** Skips the current field's value. */
    void skip() {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> buf.position(buf.position() + 8);
            case LENGTH -> bytes();
            case FIXED32 -> buf.position(buf.position() + 4);
            default -> throw new LinreproException("ONNX file is corrupt (wire type " + wireType + ")");
        }
    }
}
