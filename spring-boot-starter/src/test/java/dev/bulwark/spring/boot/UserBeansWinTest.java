package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.config.LoadedConfig;
import dev.bulwark.core.Pipeline;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.spring.boot.example.ExampleApplication;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Beans the application defines replace the auto-configured ones; the request path uses them. */
@SpringBootTest(classes = ExampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(UserBeansWinTest.UserBeans.class)
class UserBeansWinTest {

  /** The application's own Bulwark beans. */
  @TestConfiguration(proxyBeanMethods = false)
  static class UserBeans {
    static final CircuitBreakerRegistry REGISTRY = CircuitBreakerRegistry.ofDefaults();
    static final Edge EDGE = Edge.builder()
        .route(Route.builder("/api/**").name("user").rateLimit(RateLimitGate.of("1/hour")).build())
        .build();
    static final Pipeline PIPELINE = Pipeline.of();

    @Bean
    Edge userEdge() {
      return EDGE;
    }

    @Bean
    CircuitBreakerRegistry userRegistry() {
      return REGISTRY;
    }

    @Bean("bulwark.outbound.llm")
    @Qualifier("llm")
    Pipeline userPipeline() {
      return PIPELINE;
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  ApplicationContext context;

  @Test
  void theApplicationsBeansAreUsed() {
    assertThat(context.getBean(Edge.class)).isSameAs(UserBeans.EDGE);
    assertThat(context.getBean(CircuitBreakerRegistry.class)).isSameAs(UserBeans.REGISTRY);
    assertThat(context.getBean("bulwark.outbound.llm")).isSameAs(UserBeans.PIPELINE);
    // the document is still loaded (its outbound breaker lands in the user's registry)
    assertThat(context.getBean(LoadedConfig.class).edge()).isNotSameAs(UserBeans.EDGE);
    assertThat(UserBeans.REGISTRY.find("llm")).isPresent();
  }

  @Test
  void theFilterRunsTheApplicationsEdge() {
    Http http = new Http(port);
    assertThat(http.get("/api/hello").statusCode()).isEqualTo(200);
    HttpResponse<String> refused = http.get("/api/hello"); // the user's 1/hour, not the document's 1000/minute
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(http.get("/actuator/bulwark").body()).contains("\"name\":\"user\"").doesNotContain("\"name\":\"limited\"");
  }
}
