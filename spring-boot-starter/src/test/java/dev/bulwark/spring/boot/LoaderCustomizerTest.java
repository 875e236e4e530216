package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.LoadedConfig;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A BulwarkLoaderCustomizer bean sets what the document cannot: here the clock of every limiter. */
class LoaderCustomizerTest {

  static final ManualTicker TICKER = new ManualTicker();

  /** The application's customizer. */
  @Configuration(proxyBeanMethods = false)
  static class ManualClock {
    @Bean
    BulwarkLoaderCustomizer manualClock() {
      return builder -> builder.ticker(TICKER);
    }
  }

  @Test
  void theCustomizersTickerDrivesTheDocumentsLimiters() {
    try (ConfigurableApplicationContext context = BareApplication.runWith(ManualClock.class,
        "--bulwark.routes[0].name=clocked", "--bulwark.routes[0].pattern=/c",
        "--bulwark.routes[0].rateLimit=1/minute")) {
      KeyedRateLimiter<String> limiter = context.getBean(LoadedConfig.class).rateLimiter("clocked").orElseThrow();
      assertThat(limiter.tryAcquire("k")).isTrue();
      assertThat(limiter.tryAcquire("k")).isFalse();
      TICKER.advance(Duration.ofSeconds(59));
      assertThat(limiter.tryAcquire("k")).isFalse();
      TICKER.advance(Duration.ofSeconds(1));
      assertThat(limiter.tryAcquire("k")).isTrue();
    }
  }
}
