package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import org.junit.jupiter.api.Test;

class RenderedLimitFieldsTest {

  private static final RateLimit LIMIT = RateLimit.perSecond(100);

  private static RateLimitDecision allowed(long remaining, long resetNanos) {
    return new RateLimitDecision(true, LIMIT, remaining, 0, resetNanos);
  }

  @Test
  void aRepeatedDecisionReusesTheRenderedValue() {
    String first = RenderedLimitFields.of("\"search\"", allowed(99, 10_000_000L));
    assertThat(first).isEqualTo("\"search\";r=99;t=1");
    assertThat(RenderedLimitFields.of("\"search\"", allowed(99, 990_000_000L))).isSameAs(first);
  }

  @Test
  void aRefusalRendersItsRetryAfterAsT() {
    RateLimitDecision refused = new RateLimitDecision(false, LIMIT, 0, 2_500_000_000L, 9_000_000_000L);
    assertThat(RenderedLimitFields.of("\"search\"", refused)).isEqualTo("\"search\";r=0;t=3");
    assertThat(RenderedLimitFields.of("\"search\"", allowed(0, 3_000_000_000L))).isEqualTo("\"search\";r=0;t=3");
  }

  @Test
  void everyValueIsTheOneRenderedForItsOwnKeyUnderManyThreads() throws Exception {
    String[] names = {"\"a\"", "\"b\"", "\"search\"", new String("\"a\"")};
    ManyThreads.assertEveryCheckHolds(random -> {
      String name = names[random.nextInt(names.length)];
      RateLimitDecision d = allowed(random.nextInt(600), random.nextLong(5_000_000_000L));
      return RenderedLimitFields.of(name, d).equals(RateLimitFields.limitField(name, d));
    });
  }
}
