package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.Function;
import org.linrepro.util.LinreproException;

/**
 * What an adapter method needs from the encoder it is installed on: the encoder's shape (the same
 * {@link Architecture} form the counts read, so the same sites are chosen), its linear maps by layer and
 * {@link Role}, its normalisation sites and its frozen arrays. The BERT encoder implements it; the methods never
 * import the model.
 */
public interface AdaptableEncoder {
    /** The encoder's layers, widths and heads as an architecture (target selection as for the counts). */
    Architecture shape();

    NDManager manager();

    LinearMap linear(int layer, Role role);

    void setLinear(int layer, Role role, LinearMap m);

    /** Number of normalisation outputs SSF-style methods adapt. */
    int normSites();

    void setNormAdapter(int site, NormAdapter a);

    void setFfnModulation(int layer, FfnModulation f);

    /** The LayerNorm weights and biases (frozen unless a method unfreezes them). */
    List<NDArray> normParameters();

    /** Every frozen array that is not a linear map's (embeddings, LayerNorms). */
    List<NDArray> nonLinearParameters();

    /** The sites {@code targets} name, in the encoder's order. */
    default List<LinearSite> sites(List<String> targets) {
        return Targets.select(shape(), targets);
    }

    /** The still unadapted linear map at {@code s}; an already adapted one is refused with one message. */
    default Dense dense(LinearSite s, String method) {
        LinearMap m = linear(s.layer(), s.role());
        if (!(m instanceof Dense d)) {
            throw new LinreproException(method + ": layer " + s.layer() + " " + s.role().id() + " is already adapted");
        }
        return d;
    }

    /** Replaces the linear map at each site, in order, by {@code make} applied to it. */
    default void wrap(String method, List<LinearSite> sites, Function<Dense, LinearMap> make) {
        for (LinearSite s : sites) {
            setLinear(s.layer(), s.role(), make.apply(dense(s, method)));
        }
    }
}
