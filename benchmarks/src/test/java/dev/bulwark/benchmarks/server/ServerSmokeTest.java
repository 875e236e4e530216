package dev.bulwark.benchmarks.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.headers.SecurityHeaders;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Starts every server of server-bench.sh in-process on an ephemeral port and checks that each
 * variant answers {@code GET /api/hello?q=hello%20world} with the headers it is meant to write,
 * so that the harness cannot rot unnoticed.
 */
class ServerSmokeTest {

  private static final String QUERY = "/api/hello?q=hello%20world";
  /** A client per test, as each test starts its own server: no pooled connection outlives its server. */
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static Stream<Arguments> servers() {
    List<Arguments> all = new ArrayList<>();
    for (String kind : List.of("jetty", "netty")) {
      for (Variant variant : Variant.values()) {
        all.add(Arguments.of(kind, variant));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("servers")
  void answersWithTheVariantsHeaders(String kind, Variant variant) throws Exception {
    try (BenchServer server = ServerMain.start(kind, variant, 0)) {
      HttpResponse<String> first = get(server, QUERY);
      HttpResponse<String> second = get(server, QUERY);

      for (HttpResponse<String> r : List.of(first, second)) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith(HelloApp.CONTENT_TYPE));
        assertThat(r.body()).startsWith("{\"greeting\":\"hello world\",").endsWith("}");
        assertThat(r.body().length()).isBetween(80, 120);
        assertThat(r.headers().firstValue("Server")).isEmpty();
      }
      assertThat(server.app().answered()).isEqualTo(2);
      assertHeaders(variant, first, second);
    }
  }

  private static void assertHeaders(Variant variant, HttpResponse<String> first, HttpResponse<String> second) {
    switch (variant) {
      case BARE:
        assertNoSecurityHeaders(first);
        assertThat(first.headers().firstValue("RateLimit-Policy")).isEmpty();
        break;
      case SECURITY:
        assertApiHeaders(first);
        assertThat(first.headers().firstValue("RateLimit-Policy")).isEmpty();
        break;
      case HEADERS:
      case PREENCODED:
        assertApiHeaders(first);
        assertThat(first.headers().firstValue("RateLimit-Policy")).hasValue("\"hello\";q=10000000;w=1");
        assertThat(first.headers().firstValue("RateLimit")).hasValue("\"hello\";r=9999999;t=1");
        break;
      case BULWARK:
        assertApiHeaders(first);
        assertThat(first.headers().firstValue("RateLimit-Policy")).isPresent();
        break;
      case STRICT:
        assertThat(first.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(first.headers().firstValue("Permissions-Policy"))
            .hasValue(SecurityHeaders.DENY_ALL_PERMISSIONS);
        String csp = first.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'nonce-");
        assertThat(second.headers().firstValue("Content-Security-Policy")).isPresent().get()
            .isNotEqualTo(csp);
        break;
      case RATELIMIT:
        assertNoSecurityHeaders(first);
        assertThat(first.headers().firstValue("RateLimit-Policy")).isPresent();
        assertThat(first.headers().firstValue("RateLimit")).isPresent();
        break;
      case BUCKET4J:
        assertNoSecurityHeaders(first);
        long remaining = Long.parseLong(first.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        assertThat(remaining).isBetween(BenchEdges.NEVER_REFUSING_PER_SECOND - 2, BenchEdges.NEVER_REFUSING_PER_SECOND);
        break;
      default:
        throw new AssertionError(variant);
    }
  }

  private static void assertApiHeaders(HttpResponse<String> response) {
    for (int i = 0; i < ApiHeaders.NAMES.length; i++) {
      assertThat(response.headers().allValues(ApiHeaders.NAMES[i]))
          .as(ApiHeaders.NAMES[i]).containsExactly(ApiHeaders.VALUES[i]);
    }
    assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
  }

  private static void assertNoSecurityHeaders(HttpResponse<String> response) {
    for (String name : ApiHeaders.NAMES) {
      assertThat(response.headers().firstValue(name)).as(name).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theBulwarkVariantDecides(String kind) throws Exception {
    try (BenchServer server = ServerMain.start(kind, Variant.BULWARK, 0)) {
      HttpResponse<String> probe = get(server, "/api/hello?q=1%27%20OR%20%271%27%3D%271");
      assertThat(probe.statusCode()).isEqualTo(400);
      assertThat(probe.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(server.app().answered()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theHeadersOnlyServersSendTheFieldsBulwarkSends(String kind) throws Exception {
    Map<String, List<String>> bulwark = fieldsOf(kind, Variant.BULWARK);
    assertThat(fieldsOf(kind, Variant.HEADERS)).isEqualTo(bulwark);
    assertThat(fieldsOf(kind, Variant.PREENCODED)).isEqualTo(bulwark);
    assertThat(fieldsOf(kind, Variant.SECURITY)).isNotEqualTo(bulwark);
  }

  /** The header fields of a variant's answer, but {@code Date}, by lower-case name. */
  private Map<String, List<String>> fieldsOf(String kind, Variant variant) throws Exception {
    try (BenchServer server = ServerMain.start(kind, variant, 0)) {
      Map<String, List<String>> fields = new TreeMap<>();
      get(server, QUERY).headers().map().forEach((name, values) -> fields.put(name.toLowerCase(Locale.ROOT), values));
      assertThat(fields.remove("date") != null).isEqualTo(kind.equals("jetty"));
      return fields;
    }
  }

  static Stream<String> kinds() {
    return Stream.of("jetty", "netty");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theNeverRefusingLimitAdmitsABurst(String kind) throws Exception {
    try (BenchServer server = ServerMain.start(kind, Variant.RATELIMIT, 0)) {
      for (int i = 0; i < 300; i++) {
        assertThat(get(server, QUERY).statusCode()).isEqualTo(200);
      }
      assertThat(server.app().answered()).isEqualTo(300);
    }
  }

  @Test
  void handWrittenHeadersAreTheApiProfiles() {
    List<ResponseHeader> profile = SecurityHeaders.api().headersFor(false, null);
    assertThat(profile).hasSize(ApiHeaders.NAMES.length);
    for (int i = 0; i < profile.size(); i++) {
      assertThat(profile.get(i).name()).isEqualTo(ApiHeaders.NAMES[i]);
      assertThat(profile.get(i).value()).isEqualTo(ApiHeaders.VALUES[i]);
    }
    assertThat(SecurityHeaders.api().headersToRemove()).containsExactly(ApiHeaders.REMOVED);
  }

  @Test
  void statusEndpointReportsTheCountersTheScriptReads() throws Exception {
    HelloApp app = new HelloApp();
    app.answer("x");
    try (StatusEndpoint status = StatusEndpoint.start(0, app)) {
      HttpResponse<String> r = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + status.port() + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).matches(
          "requests=1 cpu_ns=[1-9][0-9]* alloc_bytes=[1-9][0-9]* gc_count=[0-9]+ gc_ms=[0-9]+"
              + " jit_ticks=[0-9]+\n");
    }
  }

  @Test
  void compilerTicksArePartOfTheProcessCpuTime() {
    long compiler = StatusEndpoint.compilerTicks();
    long processNanos =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    // Linux clock ticks are 10 ms (USER_HZ 100); one tick of rounding per compiler thread.
    assertThat(compiler).isBetween(0L, processNanos / 10_000_000L + 4);
  }

  @Test
  void theApplicationEscapesWhatItEchoes() {
    HelloApp app = new HelloApp();
    assertThat(new String(app.answer("a\"b\\c\n"), StandardCharsets.UTF_8))
        .startsWith("{\"greeting\":\"a\\\"b\\\\c\\u000a\",");
    assertThat(new String(app.answer(null), StandardCharsets.UTF_8))
        .startsWith("{\"greeting\":\"nobody\",");
    assertThat(app.answered()).isEqualTo(2);
  }

  @Test
  void badArgumentsAreRefusedClearly() {
    assertThatThrownBy(() -> Variant.parse("fast"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fast").hasMessageContaining("bucket4j");
    assertThatThrownBy(() -> ServerMain.start("tomcat", Variant.BARE, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tomcat");
    assertThat(Variant.parse("RateLimit")).isEqualTo(Variant.RATELIMIT);
  }

  private HttpResponse<String> get(BenchServer server, String target) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target))
        .timeout(Duration.ofSeconds(10)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
