package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.Edge;
import dev.bulwark.servlet.BulwarkFilter;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An application that registers the servlet filter itself gets no second one. */
class UserFilterWinsTest {

  /** The application's own filter, over the auto-configured edge. */
  @Configuration(proxyBeanMethods = false)
  static class OwnFilter {
    @Bean
    BulwarkFilter myFilter(Edge edge) {
      return new BulwarkFilter(edge);
    }
  }

  @Test
  void theAutoConfiguredRegistrationBacksOff() {
    try (ConfigurableApplicationContext context = BareApplication.runWebWith(OwnFilter.class)) {
      assertThat(context.containsBean(BulwarkAutoConfiguration.FILTER_BEAN_NAME)).isFalse();
      assertThat(context.getBeansOfType(BulwarkFilter.class)).containsOnlyKeys("myFilter");
    }
  }
}
