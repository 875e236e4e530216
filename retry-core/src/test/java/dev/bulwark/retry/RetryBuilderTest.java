package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryBuilderTest {

  @Test
  void defaults() {
    Retry retry = Retry.ofDefaults();
    assertThat(retry.name()).isEqualTo("retry");
    assertThat(retry.maxAttempts()).isEqualTo(3);
    assertThat(retry.maxDuration()).isEmpty();
    assertThat(retry.backoff()).isSameAs(RetryBuilder.DEFAULT_BACKOFF);
    assertThat(retry.budget()).isEmpty();
    assertThat(retry).hasToString(
        "Retry[retry, maxAttempts=3, backoff=exponential(PT0.1S x2.0 cap PT10S).withFullJitter()]");
  }

  @Test
  void configuredValuesAreReported() {
    RetryBudget budget = RetryBudget.tokenBucket(10, 0.1);
    Retry retry =
        Retry.builder()
            .name("llm")
            .maxDuration(Duration.ofSeconds(30))
            .backoff(Backoff.fixed(Duration.ofSeconds(1)))
            .budget(budget)
            .build();
    assertThat(retry.maxAttempts()).isEqualTo(Integer.MAX_VALUE);
    assertThat(retry.maxDuration()).contains(Duration.ofSeconds(30));
    assertThat(retry.budget()).containsSame(budget);
    assertThat(retry).hasToString(
        "Retry[llm, maxAttempts=unlimited, maxDuration=PT30S, backoff=fixed(PT1S)]");
  }

  @Test
  void badValuesAreRejectedWithTheirNameAndValue() {
    assertThatThrownBy(() -> Retry.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be >= 1 but was 0");
    assertThatThrownBy(() -> Retry.builder().maxDuration(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDuration must be positive but was PT0S");
    assertThatThrownBy(() -> Retry.builder().maxDuration(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDuration must be positive but was PT-1S");
    assertThatThrownBy(() -> Retry.builder().name(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank");
  }

  @Test
  void nullsAreRejectedWithTheParameterName() {
    RetryBuilder b = Retry.builder();
    assertThatThrownBy(() -> b.name(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> b.maxDuration(null)).hasMessage("maxDuration");
    assertThatThrownBy(() -> b.backoff(null)).hasMessage("backoff");
    assertThatThrownBy(() -> b.retryOn(null)).hasMessage("retryOn");
    assertThatThrownBy(() -> b.abortOn(null)).hasMessage("abortOn");
    assertThatThrownBy(() -> b.retryOnResult(null, r -> true)).hasMessage("type");
    assertThatThrownBy(() -> b.retryOnResult(String.class, null)).hasMessage("retryOnResult");
    assertThatThrownBy(() -> b.abortOnResult(String.class, null)).hasMessage("abortOnResult");
    assertThatThrownBy(() -> b.retryAfterFromResult(String.class, null)).hasMessage("hint");
    assertThatThrownBy(() -> b.retryAfterFromFailure(null)).hasMessage("hint");
    assertThatThrownBy(() -> b.budget(null)).hasMessage("budget");
    assertThatThrownBy(() -> b.ticker(null)).hasMessage("ticker");
    assertThatThrownBy(() -> b.sleeper(null)).hasMessage("sleeper");
    assertThatThrownBy(() -> b.random(null)).hasMessage("random");
    assertThatThrownBy(() -> b.scheduler(null)).hasMessage("scheduler");
    assertThatThrownBy(() -> b.listener(null)).hasMessage("listener");
    assertThatThrownBy(() -> Retry.ofDefaults().call(null)).hasMessage("call");
    assertThatThrownBy(() -> Retry.ofDefaults().run(null)).hasMessage("action");
    assertThatThrownBy(() -> Retry.ofDefaults().callAsync(null)).hasMessage("call");
  }

  @Test
  void everySettingMayBeMadeOnlyOnce() {
    ManualTicker ticker = new ManualTicker();
    RetryBuilder b =
        Retry.builder()
            .name("a")
            .maxAttempts(2)
            .maxDuration(Duration.ofSeconds(1))
            .backoff(Backoff.none())
            .retryOn(e -> true)
            .retryOnRejection()
            .abortOn(e -> false)
            .retryOnResult(String.class, r -> true)
            .abortOnResult(String.class, r -> false)
            .retryAfterFromResult(String.class, r -> Optional.empty())
            .retryAfterFromFailure(e -> Optional.empty())
            .budget(RetryBudget.tokenBucket(2, 1))
            .ticker(ticker)
            .sleeper(ticker.sleeper())
            .random(() -> 0.5)
            .scheduler(new ManualScheduler(ticker));
    assertThatThrownBy(() -> b.name("b")).isInstanceOf(IllegalStateException.class)
        .hasMessage("name was already set to a");
    assertThatThrownBy(() -> b.maxAttempts(3)).hasMessage("maxAttempts was already set to 2");
    assertThatThrownBy(() -> b.maxDuration(Duration.ofSeconds(2)))
        .hasMessage("maxDuration was already set to PT1S");
    assertThatThrownBy(() -> b.backoff(Backoff.none()))
        .hasMessage("backoff was already set to fixed(PT0S)");
    assertThatThrownBy(() -> b.retryOn(e -> true)).hasMessageStartingWith("retryOn was already set");
    assertThatThrownBy(b::retryOnRejection).hasMessage("retryOnRejection was already set");
    assertThatThrownBy(() -> b.abortOn(e -> true)).hasMessageStartingWith("abortOn was already set");
    assertThatThrownBy(() -> b.retryOnResult(String.class, r -> true))
        .hasMessageStartingWith("retryOnResult was already set");
    assertThatThrownBy(() -> b.abortOnResult(String.class, r -> true))
        .hasMessageStartingWith("abortOnResult was already set");
    assertThatThrownBy(() -> b.retryAfterFromResult(String.class, r -> Optional.empty()))
        .hasMessageStartingWith("retryAfterFromResult was already set");
    assertThatThrownBy(() -> b.retryAfterFromFailure(e -> Optional.empty()))
        .hasMessageStartingWith("retryAfterFromFailure was already set");
    assertThatThrownBy(() -> b.budget(RetryBudget.tokenBucket(2, 1)))
        .hasMessageStartingWith("budget was already set to RetryBudget.tokenBucket(maxTokens=2");
    assertThatThrownBy(() -> b.ticker(ticker)).hasMessageStartingWith("ticker was already set");
    assertThatThrownBy(() -> b.sleeper(ticker.sleeper()))
        .hasMessageStartingWith("sleeper was already set");
    assertThatThrownBy(() -> b.random(() -> 0.5)).hasMessageStartingWith("random was already set");
    assertThatThrownBy(() -> b.scheduler(new ManualScheduler(ticker)))
        .hasMessageStartingWith("scheduler was already set");
    Retry retry = b.listener(e -> {}).listener(e -> {}).build();
    assertThat(retry.maxAttempts()).isEqualTo(2);
    assertThat(retry.maxDuration()).contains(Duration.ofSeconds(1));
  }

  @Test
  void aBuilderBuildsIndependentRetries() {
    RetryBuilder b = Retry.builder().maxAttempts(4);
    Retry first = b.build();
    Retry second = b.build();
    assertThat(first).isNotSameAs(second);
    assertThat(second.maxAttempts()).isEqualTo(4);
  }
}
