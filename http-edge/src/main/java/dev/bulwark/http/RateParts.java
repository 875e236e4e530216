package dev.bulwark.http;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

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
  private final boolean remote;

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
    boolean anyRemote = false;
    for (RateGate gate : this.gates) {
      anyRemote |= gate.isRemote();
    }
    this.remote = anyRemote;
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

  /** Tells whether some part's limiter decides in another process ({@code isRemote()}, such as Redis). */
  boolean isRemote() {
    return remote;
  }

  /**
   * Takes one permit from every part, or none: the outcome of the first part that refuses, or when
   * all admit, of the part with the fewest remaining permits; its policy field lists every part.
   * A single part is asked once, without a peek (its own decision is all-or-nothing).
   */
  RateOutcome acquire(EdgeRequest request, String clientIp, String routeKey) {
    if (gates.length == 1) {
      return gates[0].acquire(keys[0].resolve(request, clientIp, routeKey));
    }
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

  /**
   * Decides as {@link #acquire} does through the parts' asynchronous methods, so that a remote
   * part never makes the calling thread wait: the keys are resolved on the calling thread (the
   * request is not read afterwards), then every part is peeked at once, and when all would admit,
   * the parts are taken one after the other, stopping at the first that refuses, as {@link #acquire}
   * does. The stage completes on the thread of the last answer (at once when every part answered at
   * once).
   */
  CompletableFuture<RateOutcome> acquireAsync(EdgeRequest request, String clientIp, String routeKey) {
    if (gates.length == 1) {
      return gates[0].acquireAsync(keys[0].resolve(request, clientIp, routeKey));
    }
    String[] clientKeys = new String[gates.length];
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<RateOutcome>[] peeks = new CompletableFuture[gates.length];
    for (int i = 0; i < gates.length; i++) {
      clientKeys[i] = keys[i].resolve(request, clientIp, routeKey);
      peeks[i] = gates[i].peekAsync(clientKeys[i]);
    }
    return CompletableFuture.allOf(peeks).thenCompose(allPeeked -> {
      for (CompletableFuture<RateOutcome> peek : peeks) {
        RateOutcome peeked = peek.join();
        if (!peeked.decision().allowed()) {
          return CompletableFuture.completedFuture(withPolicy(peeked));
        }
      }
      return takeFrom(0, clientKeys, null);
    });
  }

  /** Takes part {@code i} and the ones after it, in order, stopping at the first refusal. */
  private CompletableFuture<RateOutcome> takeFrom(int i, String[] clientKeys, @Nullable RateOutcome fewest) {
    if (i == gates.length) {
      return CompletableFuture.completedFuture(withPolicy(Objects.requireNonNull(fewest)));
    }
    return gates[i].acquireAsync(clientKeys[i]).thenCompose(taken -> {
      if (!taken.decision().allowed()) {
        return CompletableFuture.completedFuture(withPolicy(taken));
      }
      boolean fewer = fewest == null || taken.decision().remaining() < fewest.decision().remaining();
      return takeFrom(i + 1, clientKeys, fewer ? taken : fewest);
    });
  }

  private RateOutcome withPolicy(RateOutcome outcome) {
    return new RateOutcome(outcome.decision(), outcome.quotedName(), policyField, constantPolicy);
  }
}
