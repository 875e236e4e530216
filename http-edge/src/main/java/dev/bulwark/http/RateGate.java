package dev.bulwark.http;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.decisions.DecisionReader;
import dev.bulwark.ratelimit.decisions.ReadableKeyedLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A route's rate limit: a keyed or a hierarchical limiter, and the policy names its decisions are
 * reported under.
 *
 * <p>Keyed limiter: one policy per limit, named after the route ({@code "search"}) when there is
 * one limit, or the route and the window ({@code "search-60s"}, {@code "search-3600s"}; with the
 * position appended if two windows coincide) when there are several. {@code RateLimit-Policy}
 * lists them all, computed once. Hierarchical limiter: the policy is the level that decided,
 * {@code "global"}, {@code "client"} or the route's name, and {@code RateLimit-Policy} lists that
 * level's deciding limit (the limiter does not expose the others).
 */
final class RateGate {

  private final String route;
  private final @Nullable KeyedRateLimiter<String> keyed;
  private final @Nullable HierarchicalRateLimiter<String> hierarchical;
  private final List<RateLimit> limits;
  private final String[] quotedNames;
  private final String policyField;
  /** {@code RateLimit-Policy} as a constant list; null for a hierarchical limiter (no fixed field). */
  private final @Nullable List<ResponseHeader> constantPolicy;
  private final String quotedRoute;
  /** The keyed limiter's allocation-free path, when it has one (the in-memory limiter). */
  private final @Nullable ReadableKeyedLimiter<String> readable;
  /** Turns a decision of {@link #readable} into an outcome: a grant from {@link #granted}. */
  private final DecisionReader<RateOutcome> reader;
  /** Granted outcomes for reuse; see {@link GrantedOutcomes}. */
  private final GrantedOutcomes granted = new GrantedOutcomes();

  @SuppressWarnings("unchecked") // a KeyedRateLimiter<String> that reads decisions reads them for String keys
  private RateGate(
      String route,
      @Nullable KeyedRateLimiter<String> keyed,
      @Nullable HierarchicalRateLimiter<String> hierarchical) {
    this.route = route;
    this.keyed = keyed;
    this.hierarchical = hierarchical;
    this.limits = keyed != null ? keyed.limits() : List.of();
    List<String> names = policyNames(route, limits);
    this.quotedNames = new String[names.size()];
    for (int i = 0; i < quotedNames.length; i++) {
      quotedNames[i] = RateLimitFields.quote(names.get(i));
    }
    this.policyField = RateLimitFields.policyField(names, limits);
    this.constantPolicy = keyed != null ? RateOutcome.constantPolicy(policyField) : null;
    this.quotedRoute = RateLimitFields.quote(route);
    this.readable = keyed instanceof ReadableKeyedLimiter ? (ReadableKeyedLimiter<String>) keyed : null;
    this.reader = new DecisionReader<>() {
      @Override
      public RateOutcome granted(RateLimit limit, long remaining, long resetAfterNanos) {
        return grantedOutcome(limit, remaining, resetAfterNanos);
      }

      @Override
      public RateOutcome refused(RateLimitDecision decision) {
        return keyedOutcome(decision);
      }
    };
  }

  static RateGate keyed(String route, KeyedRateLimiter<String> limiter) {
    return new RateGate(route, limiter, null);
  }

  static RateGate hierarchical(String route, HierarchicalRateLimiter<String> limiter) {
    return new RateGate(route, null, limiter);
  }

  static List<String> policyNames(String route, List<RateLimit> limits) {
    List<String> names = new ArrayList<>(limits.size());
    if (limits.size() == 1) {
      names.add(route);
      return names;
    }
    for (int i = 0; i < limits.size(); i++) {
      String name = route + "-" + RateLimitFields.windowSeconds(limits.get(i)) + "s";
      names.add(names.contains(name) ? name + "-" + (i + 1) : name);
    }
    return names;
  }

  /** The keyed limiter, or null for a hierarchical one. */
  @Nullable KeyedRateLimiter<String> keyed() {
    return keyed;
  }

  /** The hierarchical limiter, or null for a keyed one. */
  @Nullable HierarchicalRateLimiter<String> hierarchical() {
    return hierarchical;
  }

  /** Tells whether the limiter decides in another process ({@code isRemote()}, such as Redis). */
  boolean isRemote() {
    KeyedRateLimiter<String> k = keyed;
    return k != null ? k.isRemote() : Objects.requireNonNull(hierarchical).isRemote();
  }

  /** Takes one permit for {@code clientKey}. */
  RateOutcome acquire(String clientKey) {
    ReadableKeyedLimiter<String> r = readable;
    if (r != null) {
      return r.tryAcquire(clientKey, 1, reader);
    }
    KeyedRateLimiter<String> k = keyed;
    if (k != null) {
      return keyedOutcome(k.tryAcquireDecision(clientKey, 1));
    }
    return hierarchicalOutcome(Objects.requireNonNull(hierarchical).tryAcquireDecision(route, clientKey, 1));
  }

  /** Tells whether {@link #acquireAt} may be used: the limiter is the in-memory keyed one. */
  boolean decidesAtReadings() {
    return readable != null;
  }

  /**
   * Takes one permit for {@code clientKey}, as {@link #acquire} does, deciding at {@code now}, a
   * reading of the limiter's ticker the caller just took (a key not tracked yet is decided at a
   * fresh reading: {@link ReadableKeyedLimiter#tryAcquire(Object, int, long,
   * dev.bulwark.ratelimit.decisions.DecisionReader)}). Only when {@link #decidesAtReadings()}.
   */
  RateOutcome acquireAt(String clientKey, long now) {
    return Objects.requireNonNull(readable, "readable").tryAcquire(clientKey, 1, now, reader);
  }

  /**
   * Takes one permit for {@code clientKey} through the limiter's asynchronous method: the stage
   * completes on the limiter's thread (at once for an in-memory limiter or a deny-cache answer).
   */
  CompletableFuture<RateOutcome> acquireAsync(String clientKey) {
    KeyedRateLimiter<String> k = keyed;
    if (k != null) {
      return k.tryAcquireDecisionAsync(clientKey, 1).toCompletableFuture().thenApply(this::keyedOutcome);
    }
    return Objects.requireNonNull(hierarchical).tryAcquireDecisionAsync(route, clientKey, 1)
        .toCompletableFuture().thenApply(this::hierarchicalOutcome);
  }

  /**
   * The outcome of a grant of the keyed limiter: a reused one when this gate has one for the same
   * policy, remaining permits and whole seconds to full; else a new one, kept for reuse.
   */
  private RateOutcome grantedOutcome(RateLimit limit, long remaining, long resetAfterNanos) {
    String quotedName = quotedName(limit);
    long resetSeconds = RateLimitFields.secondsUp(resetAfterNanos);
    RateOutcome reused = granted.find(quotedName, remaining, resetSeconds);
    if (reused != null) {
      return reused;
    }
    boolean wholeSeconds = resetSeconds <= GrantedOutcomes.MAX_RESET_SECONDS;
    // Whole seconds are all the outcome's readers see of the reset; see GrantedOutcomes.
    long reset = wholeSeconds ? resetSeconds * 1_000_000_000L : resetAfterNanos;
    RateLimitDecision decision = new RateLimitDecision(true, limit, remaining, 0, reset);
    // A kept outcome carries its RateLimit value, rendered once here rather than per response.
    RateOutcome outcome = new RateOutcome(decision, quotedName, policyField, constantPolicy,
        wholeSeconds ? RenderedLimitFields.of(quotedName, decision) : null);
    if (wholeSeconds) {
      granted.keep(outcome, remaining, resetSeconds);
    }
    return outcome;
  }

  private RateOutcome keyedOutcome(RateLimitDecision decision) {
    return new RateOutcome(decision, quotedName(decision.limit()), policyField, constantPolicy);
  }

  private RateOutcome hierarchicalOutcome(HierarchicalRateLimiter.Decision d) {
    String name;
    switch (d.level()) {
      case GLOBAL:
        name = "global";
        break;
      case CLIENT:
        name = "client";
        break;
      default:
        name = route;
    }
    RateLimitDecision decision = d.decision();
    return new RateOutcome(
        decision, RateLimitFields.quote(name), RateLimitFields.policyItem(name, decision.limit()), null);
  }

  /** Asks for one permit for {@code clientKey} without taking it; keyed limiters only. */
  RateOutcome peek(String clientKey) {
    RateLimitDecision decision = Objects.requireNonNull(keyed, "keyed").peek(clientKey, 1);
    return new RateOutcome(decision, quotedName(decision.limit()), policyField, constantPolicy);
  }

  /**
   * Asks for one permit for {@code clientKey} without taking it, through the limiter's asynchronous
   * method; keyed limiters only.
   */
  CompletableFuture<RateOutcome> peekAsync(String clientKey) {
    return Objects.requireNonNull(keyed, "keyed").peekAsync(clientKey, 1).toCompletableFuture()
        .thenApply(decision -> new RateOutcome(decision, quotedName(decision.limit()), policyField, constantPolicy));
  }

  /** The whole {@code RateLimit-Policy} value of this gate. */
  String policyField() {
    return policyField;
  }

  private String quotedName(RateLimit limit) {
    for (int i = 0; i < quotedNames.length; i++) {
      RateLimit l = limits.get(i);
      if (l.equals(limit)) {
        return quotedNames[i];
      }
    }
    return quotedRoute;
  }
}
