package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Route matching on an ordinary path allocates nothing (less than one byte per call on the JVM's
 * per-thread allocation counter); an unusual spelling pays for its canonical copy.
 */
class RoutingAllocationTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int CALLS = 20_000;

  private static final Router ROUTER = Edge.builder()
      .route(Route.builder("/api/search").name("search").methods("GET").build())
      .route(Route.builder("/api/users/{id}/posts").name("posts").methods("GET", "POST").build())
      .route(Route.builder("/static/**").name("static").build())
      .build()
      .router();

  private static long allocatedBy(Supplier<?> call) {
    Object warm = null;
    for (int i = 0; i < CALLS; i++) {
      warm = call.get();
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

  /** Canonicalises the raw path and routes it, as {@link Edge#begin} does. */
  private static CompiledRoute route(String method, String rawPath) {
    return ROUTER.route(method, java.util.Objects.requireNonNull(MatchPath.of(rawPath), rawPath));
  }

  @Test
  void ordinaryPathsMatchWithoutAllocating() {
    assertThat(allocatedBy(() -> route("GET", "/api/search"))).isLessThan(CALLS);
    assertThat(allocatedBy(() -> route("POST", "/api/users/42/posts/"))).isLessThan(CALLS);
    assertThat(allocatedBy(() -> route("GET", "/static/app.v2.js"))).isLessThan(CALLS);
    assertThat(allocatedBy(() -> route("DELETE", "/nowhere/at/all"))).isLessThan(CALLS);
  }

  @Test
  void controlAnEncodedPathPaysForItsCopyAndTheCounterSeesIt() {
    assertThat(allocatedBy(() -> route("GET", "/api/%73earch"))).isGreaterThan(CALLS * 16L);
  }

  @Test
  void routesAreMatchedAsDocumented() {
    assertThat(ROUTER.route("GET", "/api/search").name).isEqualTo("search");
    assertThat(ROUTER.route("POST", "/api/search").name).isEqualTo("default");
    assertThat(ROUTER.route("HEAD", "/api/users/7/posts").name).isEqualTo("posts");
    assertThat(ROUTER.route("PUT", "/api/users/7/posts").name).isEqualTo("default");
    assertThat(ROUTER.route("PUT", "/static").name).isEqualTo("static");
  }
}
