package dev.bulwark.examples;

/**
 * How {@link SimulatedUpstream} behaves: the share of calls that fail, and how long every call
 * (failed or not) takes.
 *
 * @param failureRate the probability that a call fails, in [0.0, 1.0]
 * @param latencyMs how long each call takes, in milliseconds, in [0, {@value #MAX_LATENCY_MS}]
 */
public record UpstreamSettings(double failureRate, long latencyMs) {

  /** The largest latency: long enough to run into the chat pipeline's 30 s timeout. */
  public static final long MAX_LATENCY_MS = 60_000;

  /** The demo's starting point: no failures, 100 ms per call. */
  public static final UpstreamSettings DEFAULT = new UpstreamSettings(0.0, 100);

  /**
   * Validates the settings.
   *
   * @param failureRate the probability that a call fails, in [0.0, 1.0]
   * @param latencyMs how long each call takes, in milliseconds, in [0, {@value #MAX_LATENCY_MS}]
   * @throws IllegalArgumentException if a value is out of range (NaN included)
   */
  public UpstreamSettings {
    if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
      throw new IllegalArgumentException("failureRate must be in [0.0, 1.0] but was " + failureRate);
    }
    if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
      throw new IllegalArgumentException(
          "latencyMs must be in [0, " + MAX_LATENCY_MS + "] but was " + latencyMs);
    }
  }

  /**
   * Returns these settings with another failure rate.
   *
   * @param rate the failure rate, in [0.0, 1.0]
   * @return new settings
   * @throws IllegalArgumentException if {@code rate} is out of range
   */
  public UpstreamSettings withFailureRate(double rate) {
    return new UpstreamSettings(rate, latencyMs);
  }

  /**
   * Returns these settings with another latency.
   *
   * @param millis the latency in milliseconds, in [0, {@value #MAX_LATENCY_MS}]
   * @return new settings
   * @throws IllegalArgumentException if {@code millis} is out of range
   */
  public UpstreamSettings withLatencyMs(long millis) {
    return new UpstreamSettings(failureRate, millis);
  }
}
