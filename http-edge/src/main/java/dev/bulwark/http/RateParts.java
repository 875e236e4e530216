package dev.bulwark.http;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A route's rate limit made of parts keyed each their own way ({@link RateLimitGate#allOf}): all
 * must admit a request, and one that refuses takes nothing from the others (peek all, then take
 * all; see {@link RateLimitGate} for the one race). Immutable and thread-safe.
 */
final class RateParts {

  private final RateGate[] gates;
  private final RateLimitKey[] keys;
  private final String policyField;
  private final List<ResponseHeader> constantPolicy;
  private final boolean needsIp;

  RateParts(List<RateGate> gates, List<RateLimitKey> keys) {
    this.gates = gates.toArray(new RateGate[0]);
    this.keys = keys.toArray(new RateLimitKey[0]);
    StringBuilder policy = new StringBuilder();
    boolean ip = false;
    for (int i = 0; i < this.gates.length; i++) {
      policy.append(i == 0 ? "" : ", ").append(this.gates[i].policyField());
      ip |= this.keys[i].needsIp();
    }
    this.policyField = policy.toString();
    this.constantPolicy = RateOutcome.constantPolicy(policyField);
    this.needsIp = ip;
  }

  /** The parts' limiters, in order. */
  List<KeyedRateLimiter<String>> limiters() {
    List<KeyedRateLimiter<String>> all = new ArrayList<>(gates.length);
    for (RateGate gate : gates) {
      all.add(Objects.requireNonNull(gate.keyed()));
    }
    return List.copyOf(all);
  }

  /** Tells whether any part's key needs the client IP. */
  boolean needsIp() {
    return needsIp;
  }

  /**
   * Takes one permit from every part, or none: the outcome of the first part that refuses, or when
   * all admit, of the part with the fewest remaining permits; its policy field lists every part.
   */
  RateOutcome acquire(EdgeRequest request, String clientIp, String routeKey) {
    String[] clientKeys = new String[gates.length];
    for (int i = 0; i < gates.length; i++) {
      clientKeys[i] = keys[i].resolve(request, clientIp, routeKey);
      RateOutcome peeked = gates[i].peek(clientKeys[i]);
      if (!peeked.decision().allowed()) {
        return withPolicy(peeked);
      }
    }
    RateOutcome fewest = null;
    for (int i = 0; i < gates.length; i++) {
      RateOutcome taken = gates[i].acquire(clientKeys[i]);
      if (!taken.decision().allowed()) {
        return withPolicy(taken);
      }
      if (fewest == null || taken.decision().remaining() < fewest.decision().remaining()) {
        fewest = taken;
      }
    }
    return withPolicy(Objects.requireNonNull(fewest));
  }

  private RateOutcome withPolicy(RateOutcome outcome) {
    return new RateOutcome(outcome.decision(), outcome.quotedName(), policyField, constantPolicy);
  }
}
