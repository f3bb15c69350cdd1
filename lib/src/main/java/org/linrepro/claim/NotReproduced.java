package org.linrepro.claim;

/**
 * Marks a claim that we ran and that did not reproduce: the value we measured and why. Such a claim stays in
 * its file; its test reports skipped with this message and reports show it red.
 */
public record NotReproduced(double measured, String reason, String date) {
    public String message() {
        return "not reproduced (measured " + Numbers.format(measured) + (date == null ? "" : ", " + date) + "): "
                + reason;
    }
}
