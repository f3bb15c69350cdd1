package org.linrepro.data.lra;

import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * Token ids for ListOps models: 0 padding, 1–4 the operators, 5 the closing bracket, 6–15 the digits (16 ids).
 * Parentheses are dropped first, as the LRA input pipeline does ({@link ListOpsFormat#modelTokens}).
 */
public final class ListOpsVocabulary {
    public static final int SIZE = 16;

    private ListOpsVocabulary() {}

    public static int[] encode(String source) {
        List<String> tokens = ListOpsFormat.modelTokens(source);
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            String t = tokens.get(i);
            ListOpsOperator op = ListOpsOperator.ofToken(t);
            if (op != null) {
                ids[i] = 1 + op.ordinal();
            } else if (t.equals(ListOpsFormat.END)) {
                ids[i] = 5;
            } else if (t.length() == 1 && Character.isDigit(t.charAt(0))) {
                ids[i] = 6 + (t.charAt(0) - '0');
            } else {
                throw new LinreproException("ListOps: unknown token '" + t + "' at position " + i);
            }
        }
        return ids;
    }

    public static TokenExample example(ListOpsGenerator.Example e) {
        return new TokenExample(encode(e.source()), e.target());
    }
}
