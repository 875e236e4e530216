package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A rate gate over the in-memory keyed limiter reads grants without a decision per request and
 * reuses granted outcomes ({@link GrantedOutcomes}); everything the edge reads of an outcome is
 * the same as through the limiter's {@code tryAcquireDecision}.
 */
class GrantedOutcomesTest {

  /** A keyed limiter that only delegates: the gate cannot take the in-memory limiter's own path. */
  private static final class Plain implements KeyedRateLimiter<String> {
    private final KeyedRateLimiter<String> inner;

    Plain(KeyedRateLimiter<String> inner) {
      this.inner = inner;
    }

    @Override
    public boolean tryAcquire(String key) {
      return inner.tryAcquire(key);
    }

    @Override
    public boolean tryAcquire(String key, int permits) {
      return inner.tryAcquire(key, permits);
    }

    @Override
    public RateLimitDecision tryAcquireDecision(String key, int permits) {
      return inner.tryAcquireDecision(key, permits);
    }

    @Override
    public RateLimitDecision peek(String key, int permits) {
      return inner.peek(key, permits);
    }

    @Override
    public List<RateLimit> limits() {
      return inner.limits();
    }

    @Override
    public String name() {
      return inner.name();
    }
  }

  @Test
  void outcomesReadAsTheDecisionsOfTryAcquireDecision() {
    List<List<RateLimit>> limitSets = List.of(
        List.of(RateLimit.perSecond(20).withBurst(5)),
        List.of(RateLimit.perSecond(10).withBurst(4), RateLimit.perMinute(60)));
    for (List<RateLimit> limits : limitSets) {
      for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
        ManualTicker ticker = new ManualTicker();
        RateGate fast = RateGate.keyed("search", KeyedRateLimiter.builder(limits).algorithm(algorithm)
            .ticker(ticker).build());
        RateGate plain = RateGate.keyed("search", new Plain(KeyedRateLimiter.builder(limits).algorithm(algorithm)
            .ticker(ticker).build()));
        SplittableRandom random = new SplittableRandom(limits.size());
        int granted = 0;
        for (int i = 0; i < 20_000; i++) {
          String key = "k" + random.nextInt(2);
          RateOutcome expected = plain.acquire(key);
          RateOutcome actual = fast.acquire(key);
          String what = algorithm + " " + limits + " decision " + i;
          RateLimitDecision e = expected.decision();
          RateLimitDecision a = actual.decision();
          assertThat(a.allowed()).as(what).isEqualTo(e.allowed());
          assertThat(a.limit()).as(what).isEqualTo(e.limit());
          assertThat(a.remaining()).as(what).isEqualTo(e.remaining());
          assertThat(a.resetAfterSeconds()).as(what).isEqualTo(e.resetAfterSeconds());
          assertThat(a.retryAfterSeconds()).as(what).isEqualTo(e.retryAfterSeconds());
          assertThat(actual.quotedName()).as(what).isEqualTo(expected.quotedName());
          assertThat(actual.policyField()).as(what).isEqualTo(expected.policyField());
          assertThat(actual.constantPolicy()).as(what).isEqualTo(expected.constantPolicy());
          assertThat(actual.limitField()).as(what).isEqualTo(expected.limitField());
          assertThat(RateLimitFields.resetSeconds(a)).as(what).isEqualTo(RateLimitFields.resetSeconds(e));
          if (!e.allowed()) {
            assertThat(a).as(what).isEqualTo(e); // a refusal is the limiter's own decision
          } else {
            granted++;
          }
          ticker.advanceNanos(random.nextLong(40_000_000L));
        }
        assertThat(granted).isPositive().isLessThan(20_000);
      }
    }
  }

  @Test
  void aRepeatedGrantReusesItsOutcome() {
    ManualTicker ticker = new ManualTicker();
    RateGate gate = RateGate.keyed("api", KeyedRateLimiter.builder(RateLimit.perSecond(100)).ticker(ticker).build());
    RateOutcome first = gate.acquire("10.0.0.1");
    ticker.advanceNanos(10_000_000L); // one permit back: 99 left again, full in under a second
    RateOutcome second = gate.acquire("10.0.0.1");
    assertThat(second).isSameAs(first);
    assertThat(second.limitField()).isEqualTo("\"api\";r=99;t=1");
    assertThat(second.decision().resetAfterNanos()).isEqualTo(1_000_000_000L);
    assertThat(gate.acquire("10.0.0.1").limitField()).isEqualTo("\"api\";r=98;t=1");
  }

  @Test
  void aKeptOutcomeCarriesItsRateLimitValueRenderedOnce() {
    ManualTicker ticker = new ManualTicker();
    RateGate gate = RateGate.keyed("api", KeyedRateLimiter.builder(RateLimit.perSecond(100)).ticker(ticker).build());
    RateOutcome kept = gate.acquire("10.0.0.1");

    assertThat(kept.renderedLimit()).isEqualTo("\"api\";r=99;t=1");
    assertThat(kept.limitField()).isSameAs(kept.renderedLimit());
    RateOutcome unrendered = new RateOutcome(kept.decision(), kept.quotedName(), kept.policyField(), null);
    assertThat(unrendered.renderedLimit()).isNull();
    assertThat(unrendered.limitField()).isEqualTo("\"api\";r=99;t=1");
  }

  @Test
  void everyKeptOutcomeIsFoundOnlyForItsOwnKeyUnderManyThreads() throws Exception {
    GrantedOutcomes outcomes = new GrantedOutcomes();
    String[] names = {"\"a\"", "\"b\"", "\"search\""};
    RateLimit limit = RateLimit.perSecond(500);
    ManyThreads.assertEveryCheckHolds(random -> {
      String name = names[random.nextInt(names.length)];
      long remaining = random.nextInt(300);
      long seconds = random.nextInt(4);
      RateOutcome found = outcomes.find(name, remaining, seconds);
      if (found == null) {
        outcomes.keep(new RateOutcome(new RateLimitDecision(true, limit, remaining, 0, seconds * 1_000_000_000L),
            name, "p", null), remaining, seconds);
        return true;
      }
      return found.quotedName().equals(name) && found.decision().remaining() == remaining
          && found.decision().resetAfterSeconds() == seconds;
    });
  }
}
