package dev.bulwark.ratelimit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Decision;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Level;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiterEvent;
import dev.bulwark.ratelimit.RateLimiterListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The semantics every {@link HierarchicalRateLimiter} shares, with exact expectations: which level
 * decides, the all-or-nothing rule, and the remaining, retry-after and reset of every decision. The
 * in-memory limiter runs it ({@code HierarchicalRateLimiterTest}); so does the Redis limiter in
 * {@code ratelimit-redis}, from this module's test jar, unchanged.
 *
 * <p>A subclass builds the limiter from a {@link Levels} description (token bucket, every level)
 * and moves the clock that every limiter of a test shares. Every duration here is a whole number of
 * microseconds, so limiters that keep time in microseconds (Redis) are exact on it. Keys start
 * untouched in every test and every {@link #newLimiter} call.
 */
public abstract class HierarchicalRateLimiterContractTest {

  private static final long MS = 1_000_000L;

  /** For subclasses. */
  protected HierarchicalRateLimiterContractTest() {}

  /**
   * Creates a limiter with no key tracked, on the test's clock, with the token bucket.
   *
   * @param levels the name, levels and listeners
   * @param <K> the client key type
   * @return the limiter under test
   */
  protected abstract <K> HierarchicalRateLimiter<K> newLimiter(Levels levels);

  /**
   * Moves the clock of every limiter of the current test forward.
   *
   * @param duration a whole number of microseconds, at least 0
   */
  protected abstract void advance(Duration duration);

  /**
   * Starts a description of a hierarchy.
   *
   * @return an empty description
   */
  protected static Levels levels() {
    return new Levels();
  }

  /**
   * What a test asks of a hierarchical limiter, for a subclass to build: the settings of
   * {@code HierarchicalRateLimiterBuilder}, read through its accessors. Mutable; one per limiter.
   */
  public static final class Levels {
    private @Nullable String name;
    private @Nullable List<RateLimit> global;
    private @Nullable List<RateLimit> perClient;
    private final Map<String, List<RateLimit>> routes = new LinkedHashMap<>();
    private final List<RateLimiterListener> listeners = new ArrayList<>();

    Levels() {}

    Levels name(String name) {
      this.name = name;
      return this;
    }

    Levels global(RateLimit... limits) {
      this.global = List.of(limits);
      return this;
    }

    Levels perClient(RateLimit... limits) {
      this.perClient = List.of(limits);
      return this;
    }

    Levels route(String route, RateLimit... limits) {
      routes.put(route, List.of(limits));
      return this;
    }

    Levels listener(RateLimiterListener listener) {
      listeners.add(listener);
      return this;
    }

    /**
     * Returns the name, if the test sets one.
     *
     * @return the name, or null for the builder's default
     */
    public @Nullable String name() {
      return name;
    }

    /**
     * Returns the global limits, if any.
     *
     * @return the limits, or null for no global level
     */
    public @Nullable List<RateLimit> global() {
      return global;
    }

    /**
     * Returns the default per-client limits.
     *
     * @return the limits
     */
    public List<RateLimit> perClient() {
      return Objects.requireNonNull(perClient, "perClient");
    }

    /**
     * Returns the route overrides, in order.
     *
     * @return route name to limits
     */
    public Map<String, List<RateLimit>> routes() {
      return routes;
    }

    /**
     * Returns the listeners to register.
     *
     * @return the listeners, in order
     */
    public List<RateLimiterListener> listeners() {
      return listeners;
    }
  }

  /** The example: 1000/min global, 100/min per client with burst 10, four route overrides. */
  private HierarchicalRateLimiter<String> api() {
    return newLimiter(
        levels()
            .name("api")
            .global(RateLimit.perMinute(1000))
            .perClient(RateLimit.perMinute(100).withBurst(10))
            .route("chat", RateLimit.perMinute(20))
            .route("auth", RateLimit.of(5, Duration.ofMinutes(15)))
            .route("upload", RateLimit.perMinute(5))
            .route("search", RateLimit.perMinute(30)));
  }

  @Test
  void routesWithoutOverrideShareTheDefaultPerClientLimit() {
    HierarchicalRateLimiter<String> limiter = api();
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("home", "10.0.0.1")).isTrue();
      assertThat(limiter.tryAcquire("profile", "10.0.0.1")).isTrue();
    }
    Decision refused = limiter.tryAcquireDecision("home", "10.0.0.1", 1);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.level()).isEqualTo(Level.CLIENT);
    assertThat(refused.decision().retryAfterNanos()).isEqualTo(600 * MS);
    assertThat(refused.decision().limit()).isEqualTo(RateLimit.perMinute(100).withBurst(10));
    assertThat(limiter.tryAcquire("home", "10.0.0.2")).isTrue();

    advance(Duration.ofNanos(600 * MS));
    assertThat(limiter.tryAcquire("profile", "10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("home", "10.0.0.1")).isFalse();
  }

  @Test
  void routeOverridesCountPerRouteAndClientInsteadOfTheDefault() {
    HierarchicalRateLimiter<String> limiter = api();
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire("chat", "a")).isTrue();
    }
    Decision chat = limiter.tryAcquireDecision("chat", "a", 1);
    assertThat(chat.level()).isEqualTo(Level.ROUTE);
    assertThat(chat.decision().retryAfterNanos()).isEqualTo(3_000 * MS);
    // the chat quota is per (route, client): another client, and another route of "a", are untouched
    assertThat(limiter.tryAcquire("chat", "b", 20)).isTrue();
    assertThat(limiter.tryAcquire("search", "a", 30)).isTrue();
    assertThat(limiter.tryAcquire("search", "a")).isFalse();
    assertThat(limiter.tryAcquire("upload", "a", 5)).isTrue();
    assertThat(limiter.tryAcquire("upload", "a")).isFalse();
    // the override replaced the default: "a" still has its whole default burst
    assertThat(limiter.tryAcquire("home", "a", 10)).isTrue();
    assertThat(limiter.tryAcquire("home", "a")).isFalse();
  }

  @Test
  void authAllowsFivePerFifteenMinutes() {
    HierarchicalRateLimiter<String> limiter = api();
    assertThat(limiter.tryAcquire("auth", "a", 5)).isTrue();
    Decision refused = limiter.tryAcquireDecision("auth", "a", 1);
    assertThat(refused.level()).isEqualTo(Level.ROUTE);
    assertThat(refused.decision().retryAfter()).isEqualTo(Duration.ofMinutes(3));
    assertThat(refused.decision().resetAfterNanos()).isEqualTo(Duration.ofMinutes(15).toNanos());
    advance(Duration.ofMinutes(3).minusNanos(1));
    assertThat(limiter.tryAcquire("auth", "a")).isFalse();
    advance(Duration.ofNanos(1));
    assertThat(limiter.tryAcquire("auth", "a")).isTrue();
  }

  @Test
  void whenTheClientAllowsAndTheGlobalRefusesTheClientPermitIsGivenBack() {
    HierarchicalRateLimiter<String> limiter = api();
    for (int client = 0; client < 100; client++) {
      assertThat(limiter.tryAcquire("home", "c" + client, 10)).isTrue();
    }
    // the global burst of 1000 is spent; "x" is refused by the global level, ten times
    for (int i = 0; i < 10; i++) {
      Decision refused = limiter.tryAcquireDecision("home", "x", 1);
      assertThat(refused.allowed()).isFalse();
      assertThat(refused.level()).isEqualTo(Level.GLOBAL);
      assertThat(refused.decision().retryAfterNanos()).isEqualTo(60 * MS);
      assertThat(refused.decision().limit()).isEqualTo(RateLimit.perMinute(1000));
    }
    assertThat(limiter.tryAcquire("home", "x")).isFalse();

    // 600 ms later the global level has refilled 10 permits and the client level 1. Had the refused
    // requests kept their client permits, "x" would now have exactly 1; it has its full 10.
    advance(Duration.ofNanos(600 * MS));
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire("home", "x")).as("request %d", i).isTrue();
    }
    Decision next = limiter.tryAcquireDecision("home", "x", 1);
    assertThat(next.level()).isEqualTo(Level.CLIENT);
  }

  @Test
  void aClientRefusedByItsOwnLimitConsumesNoGlobalCapacity() {
    HierarchicalRateLimiter<String> limiter =
        newLimiter(levels().global(RateLimit.perMinute(15)).perClient(RateLimit.perMinute(10)));
    assertThat(limiter.tryAcquire("any", "a", 10)).isTrue();
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire("any", "a")).isFalse();
    }
    assertThat(limiter.tryAcquire("any", "b", 4)).isTrue();
    Decision last = limiter.tryAcquireDecision("any", "b", 1);
    assertThat(last.allowed()).isTrue();
    assertThat(last.level()).isEqualTo(Level.GLOBAL); // the level with the fewest remaining
    assertThat(last.decision().remaining()).isZero();
    Decision refused = limiter.tryAcquireDecision("any", "b", 1);
    assertThat(refused.level()).isEqualTo(Level.GLOBAL);
    assertThat(refused.decision().retryAfterNanos()).isEqualTo(4_000 * MS);
  }

  @Test
  void allowedDecisionDescribesTheClientLevelWhenItHasFewerRemaining() {
    HierarchicalRateLimiter<String> limiter = api();
    Decision first = limiter.tryAcquireDecision("chat", "a", 3);
    assertThat(first.allowed()).isTrue();
    assertThat(first.level()).isEqualTo(Level.ROUTE);
    assertThat(first.decision().remaining()).isEqualTo(17);
    assertThat(first.decision().resetAfterNanos()).isEqualTo(9_000 * MS);
  }

  @Test
  void withoutAGlobalLimitOnlyClientLevelsApply() {
    HierarchicalRateLimiter<Integer> limiter =
        newLimiter(levels().perClient(RateLimit.perSecond(2)).route("slow", RateLimit.perSecond(1)));
    assertThat(limiter.tryAcquire("fast", 1, 2)).isTrue();
    assertThat(limiter.tryAcquire("fast", 1)).isFalse();
    assertThat(limiter.tryAcquire("slow", 1)).isTrue();
    assertThat(limiter.tryAcquireDecision("slow", 1, 1).level()).isEqualTo(Level.ROUTE);
  }

  @Test
  void permitsAboveABurstAreRefusedAtOnce() {
    HierarchicalRateLimiter<String> limiter = api();
    Decision tooMany = limiter.tryAcquireDecision("upload", "a", 6);
    assertThat(tooMany.level()).isEqualTo(Level.ROUTE);
    assertThat(tooMany.decision().retryAfterNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(limiter.tryAcquire("upload", "a", 5)).isTrue();
  }

  @Test
  void listenersNameTheDecidingLevelAndCarryTheClient() {
    List<RateLimiterEvent> events = new ArrayList<>();
    RateLimiterListener recorder =
        events::add;
    HierarchicalRateLimiter<String> limiter =
        newLimiter(
            levels()
                .name("api")
                .global(RateLimit.perSecond(2))
                .perClient(RateLimit.perSecond(1))
                .route("chat", RateLimit.perSecond(1))
                .listener(recorder));
    limiter.tryAcquire("home", "a");
    limiter.tryAcquire("home", "a");
    limiter.tryAcquire("chat", "a");
    limiter.tryAcquireDecision("chat", "b", 1);
    assertThat(events)
        .containsExactly(
            new RateLimiterEvent.Permitted("api.client", "a", 1),
            new RateLimiterEvent.Rejected("api.client", "a", 1, 1_000 * MS),
            new RateLimiterEvent.Permitted("api.route.chat", "a", 1),
            new RateLimiterEvent.Rejected("api.global", "b", 1, 500 * MS));
  }

  @Test
  void rejectsNullsAndBadPermits() {
    HierarchicalRateLimiter<String> limiter = api();
    assertThatThrownBy(() -> limiter.tryAcquire(null, "a"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("route");
    assertThatThrownBy(() -> limiter.tryAcquire("home", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client");
    assertThatThrownBy(() -> limiter.tryAcquireDecision("home", "a", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be >= 1 but was 0");
  }
}
