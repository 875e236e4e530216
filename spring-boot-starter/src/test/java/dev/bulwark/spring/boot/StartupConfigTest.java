package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.ConfigException;
import dev.bulwark.config.LoadedConfig;
import dev.bulwark.http.Edge;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.servlet.BulwarkFilter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Startup with the bulwark section as Spring users write it: placeholders, profiles, properties
 * (text values of every type), and an invalid document failing the startup with the config module's
 * message.
 */
class StartupConfigTest {

  @Test
  void anUnknownKeyFailsStartupWithThePathAndTheNearestValidKey() {
    assertThatThrownBy(() -> BareApplication.run(
            "--bulwark.routes[0].pattern=/x", "--bulwark.routes[0].rateLimit.limit=5/minute",
            "--bulwark.routes[0].rateLimit.limt=5/minute"))
        .rootCause()
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].rateLimit.limt: unknown key (did you mean \"limit\"?)");
    try {
      BareApplication.run("--bulwark.routes[0].pattern=/x", "--bulwark.routes[0].rateLimit.limit=5/minute",
            "--bulwark.routes[0].rateLimit.limt=5/minute");
    } catch (RuntimeException e) {
      InvalidBulwarkConfigurationException invalid = find(e);
      assertThat(invalid.getMessage()).isEqualTo("1 problem in the Spring environment (bulwark.*):\n"
          + "  bulwark.routes[0].rateLimit.limt: unknown key (did you mean \"limit\"?); known keys:"
          + " algorithm, allOf, backend, hierarchy, limit, maximumKeys");
      FailureAnalysis analysis = new BulwarkConfigFailureAnalyzer().analyze(e);
      assertThat(analysis).isNotNull();
      assertThat(analysis.getDescription()).contains("bulwark.routes[0].rateLimit.limt: unknown key");
      assertThat(analysis.getAction()).contains("docs/config.md");
    }
  }

  @Test
  void everyBadValueIsReportedWithItsPathAndValue() {
    assertThatThrownBy(() -> BareApplication.run(
            "--bulwark.routes[0].pattern=/x", "--bulwark.routes[0].rateLimit=100/minit",
            "--bulwark.routes[0].concurrency.perClient=many", "--bulwark.routes[0].concurrency.total=5",
            "--bulwark.errorFormt=problem"))
        .hasRootCauseInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(find(e).problems()).containsExactlyInAnyOrder(
            "bulwark.errorFormt: unknown key (did you mean \"errorFormat\"?); known keys: backends, clientIp,"
                + " defaultRoute, errorBodies, errorFormat, health, hierarchicalLimits, legacyRateLimitHeaders,"
                + " legacyRateLimitReset, maxBodyBytes, outbound, preflightRateLimit, problemTypeBase, requestIds,"
                + " requestLog, routeDefaults, routeStatistics, routes, shadow",
            "bulwark.routes[0].rateLimit: \"100/minit\": unknown unit 'minit' in \"100/minit\"",
            "bulwark.routes[0].concurrency.perClient: \"many\": expected an integer"));
  }

  @Test
  void aProfileReplacesTheRouteListAndPlaceholdersAreResolved() {
    try (ConfigurableApplicationContext context =
        BareApplication.run("--spring.profiles.active=tight", "--EXAMPLE_LIMIT=7/minute")) {
      LoadedConfig config = context.getBean(LoadedConfig.class);
      assertThat(context.getBean(Edge.class).routes()).extracting(r -> r.name()).containsExactly("limited", "default");
      assertThat(config.rateLimiter("limited").orElseThrow().limits())
          .containsExactly(RateLimit.of(7, Duration.ofMinutes(1)));
      assertThat(config.concurrencyLimiter("limited").orElseThrow().maxPerKey()).isEqualTo(1);
      assertThat(config.outboundNames()).containsExactly("llm"); // a map merges: the base file's entry stays
    }
  }

  @Test
  void propertiesTextBecomesTheTypesTheSchemaExpects() {
    try (ConfigurableApplicationContext context = BareApplication.run(
        "--bulwark.routes[0].name=typed",
        "--bulwark.routes[0].pattern=/typed",
        "--bulwark.routes[0].methods=GET, POST",
        "--bulwark.routes[0].concurrency.perClient=2",
        "--bulwark.routes[0].concurrency.total=10",
        "--bulwark.routes[0].circuitBreaker.failureRateThreshold=50.5",
        "--bulwark.routes[0].circuitBreaker.slidingWindow.calls=10",
        "--bulwark.routes[0].cors.allowOrigins=https://a.example, https://b.example",
        "--bulwark.routes[0].cors.allowCredentials=true",
        "--bulwark.legacyRateLimitHeaders=TRUE")) {
      LoadedConfig config = context.getBean(LoadedConfig.class);
      assertThat(config.concurrencyLimiter("typed").orElseThrow().maxPerKey()).isEqualTo(2);
      assertThat(config.concurrencyLimiter("typed").orElseThrow().maxTotal()).isEqualTo(10);
      assertThat(config.routeCircuitBreaker("typed")).isPresent();
    }
  }

  @Test
  void turnedOffThereIsNoBulwarkBean() {
    try (ConfigurableApplicationContext context = BareApplication.run("--bulwark.spring.enabled=false")) {
      assertThat(context.getBeansOfType(Edge.class)).isEmpty();
      assertThat(context.getBeansOfType(LoadedConfig.class)).isEmpty();
      assertThat(context.getEnvironment().getPropertySources().contains(BulwarkHealthGroupDefaults.SOURCE_NAME)).isFalse();
    }
  }

  @Test
  void theFilterRunsBeforeSpringSecurityUnlessTheOrderIsSet() {
    try (ConfigurableApplicationContext context = BareApplication.runWeb()) {
      FilterRegistrationBean<?> filter =
          context.getBean(BulwarkAutoConfiguration.FILTER_BEAN_NAME, FilterRegistrationBean.class);
      assertThat(filter.getOrder()).isEqualTo(BulwarkAutoConfiguration.DEFAULT_FILTER_ORDER).isEqualTo(-101);
      assertThat(filter.getFilter()).isInstanceOf(BulwarkFilter.class);
      assertThat(filter.getUrlPatterns()).containsExactly("/*");
    }
    try (ConfigurableApplicationContext context = BareApplication.runWeb("--bulwark.spring.filter-order=5")) {
      assertThat(context.getBean(BulwarkAutoConfiguration.FILTER_BEAN_NAME, FilterRegistrationBean.class).getOrder())
          .isEqualTo(5);
    }
  }

  @Test
  void noFilterOutsideAWebApplication() {
    try (ConfigurableApplicationContext context = BareApplication.run()) {
      assertThat(context.containsBean(BulwarkAutoConfiguration.FILTER_BEAN_NAME)).isFalse();
      assertThat(context.getBeansOfType(Edge.class)).hasSize(1);
    }
  }

  private static InvalidBulwarkConfigurationException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidBulwarkConfigurationException invalid) {
        return invalid;
      }
    }
    throw new AssertionError("no InvalidBulwarkConfigurationException in", e);
  }
}
