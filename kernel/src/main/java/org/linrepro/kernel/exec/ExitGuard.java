package org.linrepro.kernel.exec;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds calls that would end the kernel's JVM ({@code System.exit}, {@code Runtime.exit}, {@code Runtime.halt}) in a
 * class JShell compiled from a cell, by reading its constant pool: every call, method reference or lambda target
 * the class makes is a {@code Methodref} there. Checked before the class is loaded, so such a cell is refused and the
 * kernel lives on; no SecurityManager is needed (deprecated since Java 17). Library code is not checked: a jar that
 * calls {@code System.exit} still ends the process ({@code notebooks run} then exits 1).
 */
public final class ExitGuard {

    private static final Set<String> FORBIDDEN = Set.of(
            "java/lang/System.exit", "java/lang/Runtime.exit", "java/lang/Runtime.halt");

    private ExitGuard() {
    }

    /** The forbidden methods the class refers to, as {@code System.exit}; empty when none (or unreadable bytes). */
    public static List<String> exitCalls(byte[] classFile) {
        List<String> found = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                return found;
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNames = new int[count];
            int[][] refs = new int[count][];
            int[][] nameAndTypes = new int[count][];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNames[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // longs and doubles take two slots
                    }
                    case 10, 11 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                    case 12 -> nameAndTypes[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                    case 9, 17, 18 -> in.readInt();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> {
                        return found; // a constant this reader does not know: nothing to conclude
                    }
                }
            }
            for (int[] ref : refs) {
                if (ref == null || nameAndTypes[ref[1]] == null) {
                    continue;
                }
                String owner = utf8[classNames[ref[0]]];
                String method = utf8[nameAndTypes[ref[1]][0]];
                String key = owner + "." + method;
                if (FORBIDDEN.contains(key)) {
                    String shown = key.substring("java/lang/".length());
                    if (!found.contains(shown)) {
                        found.add(shown);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return found;
        }
        return found;
    }
}
