package org.linrepro.shard;

import org.linrepro.claim.Claim;

/** One claim at one seed, with its estimated cost (any unit; only ratios matter). */
public record WorkUnit(Claim claim, long seed, double cost) {}
