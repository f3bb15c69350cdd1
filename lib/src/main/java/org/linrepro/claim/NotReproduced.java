package org.linrepro.claim;

/**
 * Marks a claim that does not reproduce at its tier, like a strict expected failure: it still runs every time its
 * tier runs. Failing its tolerance gives NOT_REPRODUCED with today's value; passing gives UNEXPECTED_PASS, which
 * fails the run until the claim file is updated. {@code lastMeasured} is what the claim measured when the file was
 * last updated, shown only with its date and never as today's value.
 */
public record NotReproduced(String reason, LastMeasured lastMeasured) {

    /** A value measured on a given day (ISO date). */
    public record LastMeasured(double value, String date) {
        public String text() {
            return "last measured " + Numbers.format(value) + " on " + date;
        }
    }

    /** For claims that cannot run here: the stored value, labelled as such. */
    public String lastMeasuredText() {
        return lastMeasured == null ? "never measured" : lastMeasured.text();
    }
}
