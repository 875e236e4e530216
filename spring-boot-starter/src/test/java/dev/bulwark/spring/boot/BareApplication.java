package dev.bulwark.spring.boot;

import java.util.Arrays;
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
    return run(WebApplicationType.NONE, args);
  }

  /** Starts it as a servlet web application on a free port. */
  static ConfigurableApplicationContext runWeb(String... args) {
    String[] withPort = Arrays.copyOf(args, args.length + 1);
    withPort[args.length] = "--server.port=0";
    return run(WebApplicationType.SERVLET, withPort);
  }

  /** Starts it with more configuration classes of the application's own, without a web server. */
  static ConfigurableApplicationContext runWith(Class<?> configuration, String... args) {
    return run(WebApplicationType.NONE, new Class<?>[] {BareApplication.class, configuration}, args);
  }

  /** Starts it as a servlet web application on a free port, with a configuration class of its own. */
  static ConfigurableApplicationContext runWebWith(Class<?> configuration, String... args) {
    String[] withPort = Arrays.copyOf(args, args.length + 1);
    withPort[args.length] = "--server.port=0";
    return run(WebApplicationType.SERVLET, new Class<?>[] {BareApplication.class, configuration}, withPort);
  }

  private static ConfigurableApplicationContext run(WebApplicationType type, String... args) {
    return run(type, new Class<?>[] {BareApplication.class}, args);
  }

  private static ConfigurableApplicationContext run(WebApplicationType type, Class<?>[] sources, String... args) {
    SpringApplication application = new SpringApplicationBuilder(sources)
        .web(type)
        .logStartupInfo(false)
        .build();
    return application.run(args);
  }
}
