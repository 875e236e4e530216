package dev.bulwark.spring.boot.example;

import dev.bulwark.core.Pipeline;
import dev.bulwark.servlet.BulwarkFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The example Spring Boot application: a plain application with the starter on the class path and
 * the {@code bulwark} section in {@code application.yml}; no Bulwark code beyond reading the CSP
 * nonce and injecting an outbound pipeline. Run it with
 * {@code ./mvnw -B -pl spring-boot-starter test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.bulwark.spring.boot.example.ExampleApplication} (after {@code ./mvnw install
 * -DskipTests}, which puts the other modules in the local repository) or from an IDE.
 */
@SpringBootApplication
public class ExampleApplication {

  /**
   * Starts the application.
   *
   * @param args Spring Boot's arguments, such as {@code --server.port=8080}
   */
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  /** The example's endpoints. */
  @RestController
  public static class ExampleController {

    private final Pipeline llm;
    private final AtomicInteger flakyCalls = new AtomicInteger();

    /**
     * Creates the controller.
     *
     * @param llm the pipeline of {@code bulwark.outbound.llm}
     */
    public ExampleController(@Qualifier("llm") Pipeline llm) {
      this.llm = llm;
    }

    /** Returns how often {@link #flaky()} was called, for the tests. */
    public int flakyCalls() {
      return flakyCalls.get();
    }

    @GetMapping("/api/limited")
    String limited() {
      return "limited ok";
    }

    @GetMapping("/api/hello")
    String hello() {
      return "hello";
    }

    @GetMapping("/api/flaky")
    String flaky() {
      flakyCalls.incrementAndGet();
      throw new IllegalStateException("the downstream is down");
    }

    @GetMapping("/api/cors")
    String cors() {
      return "cors ok";
    }

    @PostMapping("/api/cors")
    String corsPost() {
      return "cors post ok";
    }

    @GetMapping("/page")
    String page(HttpServletRequest request) {
      return "nonce=" + request.getAttribute(BulwarkFilter.CSP_NONCE_ATTRIBUTE);
    }

    @GetMapping("/api/outbound")
    String outbound() throws Exception {
      AtomicInteger attempts = new AtomicInteger();
      return llm.call(() -> {
        if (attempts.incrementAndGet() == 1) {
          throw new java.io.IOException("first attempt fails");
        }
        return "outbound ok after " + attempts.get() + " attempts";
      });
    }
  }
}
