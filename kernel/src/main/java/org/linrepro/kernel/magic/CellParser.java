package org.linrepro.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a cell into Java code and IPython-style magics, keeping the cell's line numbers.
 *
 * <ul>
 *   <li>A cell whose first non-blank line is {@code %%name args} is a cell magic; the rest of the cell is its body.
 *   <li>Otherwise every line that starts (after blanks) with {@code %name} is a line magic, run in order with the
 *       code around it. {@code %} must be followed directly by a letter, so {@code a\n  % b} stays Java.
 * </ul>
 * Arguments are split at blanks; single or double quotes keep blanks inside one argument.
 */
public final class CellParser {

    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%([A-Za-z_][\\w.-]*)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%([A-Za-z_][\\w.-]*)(.*)$");

    private CellParser() {
    }

    /** A piece of a cell: code or a line magic. */
    public sealed interface Part permits Code, LineMagicCall {
        /** 1-based line of the cell where the part starts. */
        int line();
    }

    /** Java code; {@code line} is the cell line of its first line. */
    public record Code(String text, int line) implements Part {
    }

    /** {@code %name args} on line {@code line}. */
    public record LineMagicCall(String name, List<String> args, String argLine, int line) implements Part {
    }

    /** {@code %%name args} and its body, which starts on cell line {@code bodyLine}. */
    public record CellMagicCall(String name, List<String> args, String argLine, String body, int bodyLine) {
    }

    /** A parsed cell: a cell magic (then no parts) or parts in order. */
    public record Parsed(CellMagicCall cellMagic, List<Part> parts) {
        public boolean isCellMagic() {
            return cellMagic != null;
        }
    }

    public static Parsed parse(String cell) {
        String[] lines = cell.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Matcher m = CELL_MAGIC.matcher(lines[i]);
            if (m.matches()) {
                String body = String.join("\n", java.util.Arrays.copyOfRange(lines, i + 1, lines.length));
                String argLine = m.group(2).trim();
                return new Parsed(new CellMagicCall(m.group(1), splitArgs(argLine), argLine, body, i + 2), List.of());
            }
            break;
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        int codeStart = 1;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE_MAGIC.matcher(lines[i]);
            if (m.matches()) {
                flush(parts, code, codeStart);
                String argLine = m.group(2).trim();
                parts.add(new LineMagicCall(m.group(1), splitArgs(argLine), argLine, i + 1));
                codeStart = i + 2;
            } else {
                if (code.length() > 0) {
                    code.append('\n');
                }
                code.append(lines[i]);
            }
        }
        flush(parts, code, codeStart);
        return new Parsed(null, List.copyOf(parts));
    }

    private static void flush(List<Part> parts, StringBuilder code, int start) {
        if (!code.toString().isBlank()) {
            parts.add(new Code(code.toString(), start));
        }
        code.setLength(0);
    }

    /**
     * The cell with every magic line (and a cell magic's header) replaced by blanks of the same length, so offsets
     * into the cell stay valid for code analysis.
     */
    public static String blankMagics(String cell) {
        String[] lines = cell.split("\n", -1);
        boolean seenCode = false;
        StringBuilder sb = new StringBuilder(cell.length());
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean magic = LINE_MAGIC.matcher(line).matches() || (!seenCode && CELL_MAGIC.matcher(line).matches());
            if (!line.isBlank()) {
                seenCode = true;
            }
            sb.append(magic ? " ".repeat(line.length()) : line);
            if (i < lines.length - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Splits magic arguments at blanks, honouring single and double quotes. */
    public static List<String> splitArgs(String argLine) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < argLine.length(); i++) {
            char ch = argLine.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                inArg = true;
            } else if (Character.isWhitespace(ch)) {
                if (inArg) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(ch);
                inArg = true;
            }
        }
        if (inArg) {
            args.add(cur.toString());
        }
        return args;
    }
}
