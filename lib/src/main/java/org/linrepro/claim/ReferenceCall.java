package org.linrepro.claim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A claim's reference: a registered function and its argument values (literal, or taken from the claim's
 * config when the file was loaded). Its text is made from the function's name and the values, so it cannot
 * disagree with the number it evaluates to.
 */
public record ReferenceCall(ReferenceFunction function, Config args) {

    public double evaluate(RunContext run) throws Exception {
        return function.body().apply(args, run);
    }

    /** {@code icl.optimalLoss(d=5, n=10, noise=0)}: every argument, defaults included. */
    public String text() {
        StringBuilder b = new StringBuilder(function.name()).append('(');
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = args.json().fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            b.append(first ? "" : ", ").append(e.getKey()).append('=').append(value(e.getValue()));
            first = false;
        }
        return b.append(')').toString();
    }

    private static String value(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber()) {
            return v.isIntegralNumber() ? v.asText() : Numbers.format(v.doubleValue());
        }
        return v.toString();
    }
}
