package org.linrepro.plan;

/** Thrown from a pilot's progress callback to end the experiment once its steps are timed; not an error. */
public final class PilotStop extends RuntimeException {
    public PilotStop() {
        super("pilot finished", null, false, false);
    }
}
