package org.linrepro.data.glue;

/** One labelled GLUE row: the input sentence(s) ({@code second} null for single-sentence tasks) and label. */
public record GlueExample(String first, String second, double label) {
    public int classLabel() {
        return (int) label;
    }
}
