package dev.bulwark.core;

import dev.bulwark.core.internal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How long to wait before the n-th retry (or reconnect, or re-opening of a circuit). Immutable and
 * thread-safe; {@link #sequence()} gives the stateful per-operation view.
 *
 * <h2>Shapes</h2>
 * With {@code n} counting from 0 for the first delay:
 * <ul>
 *   <li>{@link #fixed fixed}: {@code d(n) = delay};
 *   <li>{@link #exponential exponential}: {@code d(n) = min(cap, initial * multiplier^n)};
 *   <li>{@link #decorrelatedJitter decorrelated} (AWS): {@code d(n) = min(cap, U(base, 3 * d(n-1)))}
 *       with {@code d(-1) = base};
 *   <li>{@link #decorrelatedJitterV2 decorrelated V2} (Polly's "soft exponential"): {@code t = n + U[0,1)},
 *       {@code next = 2^t * tanh(sqrt(4t))}, {@code d(n) = min(cap, (next - prev) * median / 1.4)} and
 *       {@code prev = next}, starting from {@code prev = 0}.
 * </ul>
 *
 * <h2>Jitter</h2>
 * Fixed and exponential shapes may add jitter to their delay {@code d}, with {@code U} uniform:
 * <ul>
 *   <li>{@link #withFullJitter() full}: {@code U(0, d)} (the default recommended for retries: it
 *       spreads a herd of clients best);
 *   <li>{@link #withEqualJitter() equal}: {@code d/2 + U(0, d/2)};
 *   <li>{@link #withProportionalJitter(double) proportional}: {@code d * (1 + U(-f, f))}, f in [0, 1], so
 *       100 ms with f = 0.1 lands in [90 ms, 110 ms]. This may exceed the cap by up to the fraction.
 *   <li>{@link #withPositiveJitter(double) one-sided}: {@code d + d * f * U[0, 1)}, f in [0, 1], so
 *       1 s with f = 0.2 lands in [1 s, 1.2 s): never shorter than the un-jittered delay (a
 *       reconnect loop's "+0-20 %"). This may exceed the cap by up to the fraction.
 * </ul>
 *
 * <p>Delays never overflow (they saturate at {@link Long#MAX_VALUE} nanoseconds, or the cap) and are
 * never negative. Randomness is injectable through {@link #sequence(DoubleSupplier)}.
 */
public final class Backoff {

  private enum Shape {
    FIXED,
    EXPONENTIAL,
    DECORRELATED,
    DECORRELATED_V2
  }

  private enum Jitter {
    NONE,
    FULL,
    EQUAL,
    PROPORTIONAL,
    POSITIVE
  }

  private static final Backoff NONE = new Backoff(Shape.FIXED, 0, 1.0, 0, Jitter.NONE, 0.0);

  private final Shape shape;
  private final long baseNanos;
  private final double multiplier;
  private final long capNanos;
  private final Jitter jitter;
  private final double fraction;

  private Backoff(
      Shape shape, long baseNanos, double multiplier, long capNanos, Jitter jitter, double fraction) {
    this.shape = shape;
    this.baseNanos = baseNanos;
    this.multiplier = multiplier;
    this.capNanos = capNanos;
    this.jitter = jitter;
    this.fraction = fraction;
  }

  /**
   * Returns a backoff of zero delay: retry at once.
   *
   * @return the zero backoff
   */
  public static Backoff none() {
    return NONE;
  }

  /**
   * Returns a constant delay.
   *
   * @param delay the delay before every retry; zero is allowed
   * @return the backoff
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static Backoff fixed(Duration delay) {
    long nanos = Durations.requireNonNegative("delay", delay);
    return new Backoff(Shape.FIXED, nanos, 1.0, nanos, Jitter.NONE, 0.0);
  }

  /**
   * Returns {@code min(cap, initial * multiplier^n)} for the n-th delay (n from 0).
   *
   * @param initial the first delay; must be positive
   * @param multiplier the growth factor; must be at least 1 and finite
   * @param cap the largest delay; must be at least {@code initial}
   * @return the backoff
   * @throws IllegalArgumentException if a value is out of range (the message names it)
   */
  public static Backoff exponential(Duration initial, double multiplier, Duration cap) {
    long initialNanos = Durations.requirePositive("initial", initial);
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be >= 1 and finite but was " + multiplier);
    }
    long capNanos = requireCap(cap, initialNanos);
    return new Backoff(Shape.EXPONENTIAL, initialNanos, multiplier, capNanos, Jitter.NONE, 0.0);
  }

  /**
   * Returns AWS's "decorrelated jitter": {@code d(n) = min(cap, U(base, 3 * d(n-1)))}, {@code d(-1) = base}.
   * Already randomised, so it takes no further jitter.
   *
   * @param base the smallest delay; must be positive
   * @param cap the largest delay; must be at least {@code base}
   * @return the backoff
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Backoff decorrelatedJitter(Duration base, Duration cap) {
    long baseNanos = Durations.requirePositive("base", base);
    return new Backoff(Shape.DECORRELATED, baseNanos, 3.0, requireCap(cap, baseNanos), Jitter.NONE, 0.0);
  }

  /**
   * Returns Polly's decorrelated jitter V2 ("soft exponential"): delays whose median grows
   * exponentially from {@code medianFirstDelay}, without the spikes and clusters of plain jitter.
   * For the n-th delay (n from 0): {@code t = n + U[0,1)}, {@code next = 2^t * tanh(sqrt(4t))},
   * {@code delay = min(cap, (next - prev) * medianFirstDelay / 1.4)}, then {@code prev = next}.
   *
   * @param medianFirstDelay the median of the first delay; must be positive
   * @param cap the largest delay; must be at least {@code medianFirstDelay}
   * @return the backoff
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Backoff decorrelatedJitterV2(Duration medianFirstDelay, Duration cap) {
    long medianNanos = Durations.requirePositive("medianFirstDelay", medianFirstDelay);
    return new Backoff(
        Shape.DECORRELATED_V2, medianNanos, 2.0, requireCap(cap, medianNanos), Jitter.NONE, 0.0);
  }

  /**
   * Returns this backoff with full jitter: each delay {@code d} becomes {@code U(0, d)}. Replaces any
   * jitter set before.
   *
   * @return a new backoff
   * @throws IllegalStateException if this is a decorrelated backoff (already randomised)
   */
  public Backoff withFullJitter() {
    return withJitter(Jitter.FULL, 0.0);
  }

  /**
   * Returns this backoff with equal jitter: each delay {@code d} becomes {@code d/2 + U(0, d/2)}.
   * Replaces any jitter set before.
   *
   * @return a new backoff
   * @throws IllegalStateException if this is a decorrelated backoff (already randomised)
   */
  public Backoff withEqualJitter() {
    return withJitter(Jitter.EQUAL, 0.0);
  }

  /**
   * Returns this backoff with proportional jitter: each delay {@code d} becomes
   * {@code d * (1 + U(-fraction, fraction))}. Replaces any jitter set before.
   *
   * @param fraction the relative spread, in [0, 1]; 0.1 means plus or minus 10%
   * @return a new backoff
   * @throws IllegalArgumentException if {@code fraction} is outside [0, 1]
   * @throws IllegalStateException if this is a decorrelated backoff (already randomised)
   */
  public Backoff withProportionalJitter(double fraction) {
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
      throw new IllegalArgumentException("fraction must be in [0, 1] but was " + fraction);
    }
    return withJitter(Jitter.PROPORTIONAL, fraction);
  }

  /**
   * Returns this backoff with one-sided jitter: each delay {@code d} becomes
   * {@code d + d * fraction * U[0, 1)}, so it is never shorter than {@code d} and shorter than
   * {@code d * (1 + fraction)}. A capped delay is jittered after capping, so the cap may be exceeded
   * by up to the fraction. Replaces any jitter set before.
   *
   * @param fraction the most that is added, relative to {@code d}, in [0, 1]; 0.2 means "+0-20 %"
   * @return a new backoff
   * @throws IllegalArgumentException if {@code fraction} is outside [0, 1] or NaN
   * @throws IllegalStateException if this is a decorrelated backoff (already randomised)
   */
  public Backoff withPositiveJitter(double fraction) {
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
      throw new IllegalArgumentException("fraction must be in [0, 1] but was " + fraction);
    }
    return withJitter(Jitter.POSITIVE, fraction);
  }

  /**
   * Returns this backoff without jitter.
   *
   * @return a new backoff, or this one if it has no jitter
   */
  public Backoff withoutJitter() {
    return jitter == Jitter.NONE ? this : new Backoff(shape, baseNanos, multiplier, capNanos, Jitter.NONE, 0.0);
  }

  private Backoff withJitter(Jitter newJitter, double newFraction) {
    if (shape == Shape.DECORRELATED || shape == Shape.DECORRELATED_V2) {
      throw new IllegalStateException("a decorrelated backoff is already randomised; it takes no jitter");
    }
    return new Backoff(shape, baseNanos, multiplier, capNanos, newJitter, newFraction);
  }

  /**
   * Returns the largest delay this backoff produces before jitter.
   *
   * @return the cap in nanoseconds ({@code delay} for a fixed backoff)
   */
  public long capNanos() {
    return capNanos;
  }

  /**
   * Returns the un-jittered delay of a fixed or exponential backoff for attempt {@code n}:
   * {@code min(cap, initial * multiplier^n)}.
   *
   * @param n the delay's index, from 0
   * @return the delay in nanoseconds, saturated at the cap
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws IllegalStateException if this backoff is decorrelated (its delays depend on randomness)
   */
  public long baseDelayNanos(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0 but was " + n);
    }
    if (shape == Shape.FIXED) {
      return baseNanos;
    }
    if (shape != Shape.EXPONENTIAL) {
      throw new IllegalStateException("a decorrelated backoff has no deterministic delay");
    }
    double d = baseNanos * Math.pow(multiplier, n);
    return d >= capNanos ? capNanos : (long) d;
  }

  /**
   * Starts a fresh sequence of delays using {@link ThreadLocalRandom}.
   *
   * @return a new sequence at attempt 0
   */
  public BackoffSequence sequence() {
    return new BackoffSequence(this, Backoff::threadLocalRandom);
  }

  /**
   * Starts a fresh sequence of delays with injected randomness.
   *
   * @param random returns values uniform in [0, 1); called once per jittered delay
   * @return a new sequence at attempt 0
   */
  public BackoffSequence sequence(DoubleSupplier random) {
    return new BackoffSequence(this, Objects.requireNonNull(random, "random"));
  }

  /**
   * Computes the delay of index {@code n}; {@code state} carries what the decorrelated shapes need
   * from the previous delay.
   */
  long delayNanos(int n, BackoffSequence.State state, DoubleSupplier random) {
    switch (shape) {
      case FIXED:
      case EXPONENTIAL:
        return jitter(baseDelayNanos(n), random);
      case DECORRELATED:
        {
          double upper = 3.0 * state.previousNanos;
          double d = baseNanos + random.getAsDouble() * Math.max(0.0, upper - baseNanos);
          long delay = d >= capNanos ? capNanos : (long) d;
          state.previousNanos = delay;
          return delay;
        }
      case DECORRELATED_V2:
        {
          double t = n + random.getAsDouble();
          double next = Math.pow(2.0, t) * Math.tanh(Math.sqrt(4.0 * t));
          double d = (next - state.previousFormula) * baseNanos / 1.4;
          state.previousFormula = next;
          if (!(d < capNanos)) { // also catches NaN and infinity once 2^t overflows
            return capNanos;
          }
          return d <= 0 ? 0 : (long) d;
        }
    }
    throw new AssertionError(shape);
  }

  long initialPrevious() {
    return baseNanos;
  }

  private long jitter(long d, DoubleSupplier random) {
    switch (jitter) {
      case NONE:
        return d;
      case FULL:
        return (long) (random.getAsDouble() * d);
      case EQUAL:
        return d / 2 + (long) (random.getAsDouble() * (d - d / 2));
      case PROPORTIONAL:
        {
          double j = d * (1.0 + fraction * (2.0 * random.getAsDouble() - 1.0));
          if (j >= Long.MAX_VALUE) {
            return Long.MAX_VALUE;
          }
          return j <= 0 ? 0 : (long) j;
        }
      case POSITIVE:
        {
          // The added part alone is rounded down, so that d * (1 + fraction) is never reached.
          double added = d * fraction * random.getAsDouble();
          long a = added >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) added;
          return a > Long.MAX_VALUE - d ? Long.MAX_VALUE : d + a;
        }
    }
    throw new AssertionError(jitter);
  }

  private static double threadLocalRandom() {
    return ThreadLocalRandom.current().nextDouble();
  }

  private static long requireCap(Duration cap, long floorNanos) {
    long capNanos = Durations.requirePositive("cap", cap);
    if (capNanos < floorNanos) {
      throw new IllegalArgumentException(
          "cap must be >= the first delay (" + Duration.ofNanos(floorNanos) + ") but was " + cap);
    }
    return capNanos;
  }

  /**
   * Tells whether {@code o} is a backoff of the same shape, delays and jitter.
   *
   * @param o the object to compare with
   * @return true for an equal backoff
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Backoff)) {
      return false;
    }
    Backoff b = (Backoff) o;
    return shape == b.shape
        && baseNanos == b.baseNanos
        && Double.compare(multiplier, b.multiplier) == 0
        && capNanos == b.capNanos
        && jitter == b.jitter
        && Double.compare(fraction, b.fraction) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(shape, baseNanos, multiplier, capNanos, jitter, fraction);
  }

  @Override
  public String toString() {
    String s;
    switch (shape) {
      case FIXED:
        s = "fixed(" + Duration.ofNanos(baseNanos) + ")";
        break;
      case EXPONENTIAL:
        s = "exponential(" + Duration.ofNanos(baseNanos) + " x" + multiplier + " cap " + Duration.ofNanos(capNanos) + ")";
        break;
      case DECORRELATED:
        s = "decorrelatedJitter(" + Duration.ofNanos(baseNanos) + " cap " + Duration.ofNanos(capNanos) + ")";
        break;
      default:
        s = "decorrelatedJitterV2(" + Duration.ofNanos(baseNanos) + " cap " + Duration.ofNanos(capNanos) + ")";
    }
    switch (jitter) {
      case FULL:
        return s + ".withFullJitter()";
      case EQUAL:
        return s + ".withEqualJitter()";
      case PROPORTIONAL:
        return s + ".withProportionalJitter(" + fraction + ")";
      case POSITIVE:
        return s + ".withPositiveJitter(" + fraction + ")";
      default:
        return s;
    }
  }
}
