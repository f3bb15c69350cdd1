package org.linrepro.kernel.nb;

import java.util.Set;

/**
 * Java source (as a notebook cell holds it: snippets plus {@code %magic} lines) to HTML with {@code <span class=..>}
 * around keywords ({@code k}), literals ({@code s} strings and chars, {@code n} numbers), comments ({@code c}),
 * annotations ({@code a}), type-like names ({@code t}) and magic lines ({@code m}). A small tokenizer, so the export
 * needs no script to colour code offline.
 */
final class JavaHighlighter {

    private static final Set<String> KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
            "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
            "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "while", "var", "record", "yield", "sealed",
            "permits", "true", "false", "null");

    private JavaHighlighter() {
    }

    static String html(String src) {
        StringBuilder b = new StringBuilder(src.length() * 2);
        int i = 0;
        int n = src.length();
        boolean lineStart = true;
        while (i < n) {
            char c = src.charAt(i);
            if (lineStart && c == '%') {
                int end = lineEnd(src, i);
                span(b, "m", src.substring(i, end));
                i = end;
                continue;
            }
            if (c == '\n') {
                b.append('\n');
                lineStart = true;
                i++;
                continue;
            }
            if (c != ' ' && c != '\t') {
                lineStart = false;
            }
            int end;
            if (src.startsWith("//", i)) {
                end = lineEnd(src, i);
                span(b, "c", src.substring(i, end));
            } else if (src.startsWith("/*", i)) {
                int close = src.indexOf("*/", i + 2);
                end = close < 0 ? n : close + 2;
                span(b, "c", src.substring(i, end));
            } else if (src.startsWith("\"\"\"", i)) {
                int close = src.indexOf("\"\"\"", i + 3);
                end = close < 0 ? n : close + 3;
                span(b, "s", src.substring(i, end));
            } else if (c == '"' || c == '\'') {
                end = quoted(src, i, c);
                span(b, "s", src.substring(i, end));
            } else if (Character.isDigit(c)) {
                end = i;
                while (end < n && (Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '.'
                        || src.charAt(end) == '_')) {
                    end++;
                }
                span(b, "n", src.substring(i, end));
            } else if (c == '@' && i + 1 < n && Character.isJavaIdentifierStart(src.charAt(i + 1))) {
                end = word(src, i + 1);
                span(b, "a", src.substring(i, end));
            } else if (Character.isJavaIdentifierStart(c)) {
                end = word(src, i);
                String w = src.substring(i, end);
                if (KEYWORDS.contains(w)) {
                    span(b, "k", w);
                } else if (Character.isUpperCase(c)) {
                    span(b, "t", w);
                } else {
                    b.append(HtmlExport.escape(w));
                }
            } else {
                end = i + 1;
                b.append(HtmlExport.escape(String.valueOf(c)));
            }
            // a multi-line token (comment, text block) may end on a later line
            if (src.lastIndexOf('\n', end - 1) >= i) {
                lineStart = false;
            }
            i = end;
        }
        return b.toString();
    }

    private static void span(StringBuilder b, String cls, String text) {
        b.append("<span class=\"").append(cls).append("\">").append(HtmlExport.escape(text)).append("</span>");
    }

    private static int lineEnd(String s, int from) {
        int e = s.indexOf('\n', from);
        return e < 0 ? s.length() : e;
    }

    private static int word(String s, int from) {
        int e = from;
        while (e < s.length() && Character.isJavaIdentifierPart(s.charAt(e))) {
            e++;
        }
        return e;
    }

    /** End of a string or char literal (after the closing quote; at the line's end when unclosed). */
    private static int quoted(String s, int from, char quote) {
        int e = from + 1;
        while (e < s.length() && s.charAt(e) != '\n') {
            char ch = s.charAt(e);
            if (ch == '\\') {
                e += 2;
                continue;
            }
            e++;
            if (ch == quote) {
                return e;
            }
        }
        return Math.min(e, s.length());
    }
}
