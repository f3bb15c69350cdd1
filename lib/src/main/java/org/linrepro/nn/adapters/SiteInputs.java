package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** The inputs each linear site sees on calibration data, one (tokens × in) array per site (EVA's activations). */
@FunctionalInterface
public interface SiteInputs {
    List<NDArray> of(List<LinearSite> sites);
}
