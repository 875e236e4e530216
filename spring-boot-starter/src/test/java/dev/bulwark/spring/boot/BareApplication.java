package dev.bulwark.spring.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** An application with no beans of its own, started without a web server, to test startup. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class BareApplication {

  /** Starts it with command-line arguments (which win over application.yml, lists whole). */
  static ConfigurableApplicationContext run(String... args) {
    SpringApplication application = new SpringApplicationBuilder(BareApplication.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .build();
    return application.run(args);
  }
}
