package org.linrepro.claim;

/** A paper on the reading list: arXiv id, full title, and a short label such as "Mahankali et al. 2023". */
public record Paper(String arxiv, String title, String shortTitle) {
    public String label() {
        return arxiv + " (" + shortTitle + ")";
    }
}
