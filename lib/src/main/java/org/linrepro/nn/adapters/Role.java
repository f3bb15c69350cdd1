package org.linrepro.nn.adapters;

import java.util.Locale;

/** What a linear map does inside a transformer layer; targets name roles so they work across architectures. */
public enum Role {
    QUERY("query"), KEY("key"), VALUE("value"), ATTN_OUT("attn-out"), FFN_IN("ffn-in"), FFN_OUT("ffn-out");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The role with this id, or null. */
    public static Role byId(String s) {
        for (Role r : values()) {
            if (r.id.equals(s.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        return null;
    }
}
