package dev.bulwark.ratelimit.jcstress;

/** Shared constants of the GCRA stress tests. */
final class GcraStress {

  /**
   * The one clock reading every actor uses, so that no permit refills during a test. Deliberately
   * far from zero: the bucket compares readings only by difference.
   */
  static final long NOW = 7_000_000_000_000_000_000L;

  private GcraStress() {}
}
