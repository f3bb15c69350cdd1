package org.linrepro.claim;

/**
 * An expected, documented disagreement with the paper's printed number (for instance a count the paper rounds from
 * a different model than its code trains). A measurement beyond the print's rounding then gives DEVIATES (amber, does
 * not fail a run); one that matches the print gives UNEXPECTED_PASS, because the declared reason no longer holds.
 * Our own number, when we can derive it, is a separate claim whose source kind is {@code derived}.
 */
public record Deviation(String reason) {}
