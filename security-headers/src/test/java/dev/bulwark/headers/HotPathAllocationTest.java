package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The per-request methods return precomputed objects: calling them many times allocates nothing
 * (less than one byte per call, measured with the JVM's per-thread allocation counter).
 */
class HotPathAllocationTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int CALLS = 20_000;

  private static final CorsPolicy CORS =
      CorsPolicy.builder()
          .allowOrigins("https://app.example.com", "https://admin.example.com", "https://*.cdn.example.com")
          .allowMethods("GET", "PUT")
          .allowHeaders("Content-Type", "X-Custom")
          .allowCredentials()
          .maxAge(Duration.ofHours(1))
          .build();

  private static final List<String> REQUEST_HEADERS = List.of("content-type, x-custom");

  private static long allocatedBy(Supplier<?> call) {
    Object warm = null;
    for (int i = 0; i < CALLS; i++) {
      warm = call.get(); // warm up: class loading and lazy JDK caches allocate once
    }
    assertThat(warm).isNotNull();
    long before = THREADS.getCurrentThreadAllocatedBytes();
    Object last = null;
    for (int i = 0; i < CALLS; i++) {
      last = call.get();
    }
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertThat(last).isNotNull();
    return allocated;
  }

  @Test
  void corsDecisionsForListedOriginsAndRefusals() {
    assertThat(allocatedBy(() -> CORS.actual("https://app.example.com"))).isLessThan(CALLS);
    assertThat(allocatedBy(() -> CORS.actual("https://evil.example.net"))).isLessThan(CALLS);
    assertThat(allocatedBy(() -> CORS.actual("null"))).isLessThan(CALLS);
    assertThat(allocatedBy(() -> CORS.actual(null))).isLessThan(CALLS);
    assertThat(allocatedBy(() -> CORS.preflight("https://admin.example.com", "PUT", REQUEST_HEADERS)))
        .isLessThan(CALLS);
    assertThat(allocatedBy(() -> CORS.isOriginAllowed("https://x.cdn.example.com"))).isLessThan(CALLS);
  }

  @Test
  void controlThePatternMatchAllocatesItsDecisionAndTheCounterSeesIt() {
    // Documented: a pattern match echoes the request's origin in a fresh decision.
    assertThat(allocatedBy(() -> CORS.actual("https://x.cdn.example.com"))).isGreaterThan(CALLS * 16L);
  }

  @Test
  void securityHeadersWithoutNonce() {
    SecurityHeaders strict = SecurityHeaders.strict();
    assertThat(allocatedBy(() -> strict.headersFor(true, null))).isLessThan(CALLS);
    assertThat(allocatedBy(() -> strict.headersFor(false, null))).isLessThan(CALLS);
  }
}
