package org.linrepro.nn.adapters;

/** A normalisation layer (or embedding output) whose width SSF-style methods scale and shift; layer −1 = stem. */
public record NormSite(int layer, String module, int dim) {}
