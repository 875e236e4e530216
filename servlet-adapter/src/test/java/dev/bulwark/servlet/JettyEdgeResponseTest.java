package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.EdgeResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletApiResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jetty view writes exactly what the servlet API's view writes: the same script of writes, on
 * a response that already has fields, gives the same head either way, including names that differ
 * only in case, names sharing a summary bit, duplicates within a list, and removals.
 */
class JettyEdgeResponseTest {

  private static final List<ResponseHeader> SECURITY = List.of(
      ResponseHeader.of("X-Frame-Options", "DENY"),
      // These two share a summary bit: the second is searched for, and added.
      ResponseHeader.of("Cross-Origin-Resource-Policy", "same-origin"),
      ResponseHeader.of("Cross-Origin-Embedder-Policy", "require-corp"),
      ResponseHeader.of("cache-control", "no-store"),
      ResponseHeader.of("Dup", "1"),
      ResponseHeader.of("dup", "2"));
  private static final List<ResponseHeader> POLICY = List.of(ResponseHeader.of("RateLimit-Policy", "\"p\";q=10;w=60"));
  private static final List<String> REMOVED =
      List.of("X-Powered-By", "Server", "Missing-Header", "cross-origin-embedder-policy", "x-custom-early");

  private EmbeddedJetty jetty;

  /** The writes the edge could make, through either view, after a filter in front set some. */
  private static void script(HttpServletResponse container, EdgeResponse view) {
    view.setHeaders(SECURITY);
    view.setHeaders(POLICY);
    view.setHeader("RateLimit", "\"p\";r=9;t=60");
    view.setHeader("ratelimit", "\"p\";r=8;t=60");
    view.setHeader("Content-Security-Policy", "default-src 'self'");
    view.setHeader("x-request-id", "abc");
    view.addHeader("Vary", "Origin");
    view.setHeader("X-Later", "1");
    view.removeHeaders(REMOVED);
    view.setHeaders(SECURITY); // again: every name is there now
    assertThat(view.containsHeader("x-frame-options")).isTrue();
    container.setContentType("text/plain");
  }

  private static void front(HttpServletResponse response) {
    response.setHeader("X-Frame-Options", "SAMEORIGIN");
    response.addHeader("x-frame-options", "ALLOW-FROM https://example.com");
    response.setHeader("Cache-Control", "public");
    response.setHeader("X-Powered-By", "PHP/5.4");
    response.setHeader("X-Custom-Early", "yes");
    response.setHeader("RATELIMIT", "stale");
    response.addHeader("Vary", "Accept");
  }

  @BeforeEach
  void start() throws Exception {
    jetty = EmbeddedJetty.start("/", context -> {
      context.addServlet(new ServletHolder(new LambdaServlet((req, res) -> {
        front(res);
        EdgeResponse view = ServletEdgeResponse.of(res);
        assertThat(view).isInstanceOf(JettyEdgeResponse.class);
        script(res, view);
        res.getWriter().write("ok");
      })), "/jetty");
      context.addServlet(new ServletHolder(new LambdaServlet((req, res) -> {
        front(res);
        // A wrapper hides Jetty's response: the servlet API's view, one header at a time.
        EdgeResponse view = ServletEdgeResponse.of(new HttpServletResponseWrapper(res));
        assertThat(view).isNotInstanceOf(JettyEdgeResponse.class);
        script(res, view);
        res.getWriter().write("ok");
      })), "/servlet");
      context.addServlet(new ServletHolder(new LambdaServlet((req, res) -> {
        // A field Jetty matches by its header alone: its name is not the header's.
        HttpFields.Mutable fields = ((ServletApiResponse) res).getResponse().getHeaders();
        fields.add(new HttpField(HttpHeader.CACHE_CONTROL, "X-Odd", "public"));
        ServletEdgeResponse.of(res).setHeader("Cache-Control", "no-store");
        List<String> cacheFields = new ArrayList<>();
        for (HttpField field : fields) {
          if (field.getHeader() == HttpHeader.CACHE_CONTROL) {
            cacheFields.add(field.getName() + ": " + field.getValue());
          }
        }
        res.getWriter().write(String.join(",", cacheFields));
      })), "/odd");
    });
  }

  @AfterEach
  void stop() throws Exception {
    jetty.close();
  }

  private static Map<String, List<String>> head(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, List<String>> head = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    head.putAll(response.headers().map());
    head.remove("date");
    return head;
  }

  @Test
  void writesWhatTheServletApiWrites() {
    Map<String, List<String>> jettys = head(Http.get(jetty.port(), "/jetty"));
    Map<String, List<String>> servlets = head(Http.get(jetty.port(), "/servlet"));

    assertThat(jettys).isEqualTo(servlets);
    assertThat(jettys.get("X-Frame-Options")).containsExactly("DENY");
    assertThat(jettys.get("Cache-Control")).containsExactly("no-store");
    assertThat(jettys.get("Dup")).containsExactly("2");
    assertThat(jettys.get("RateLimit")).containsExactly("\"p\";r=8;t=60");
    assertThat(jettys.get("Cross-Origin-Resource-Policy")).containsExactly("same-origin");
    assertThat(jettys.get("Cross-Origin-Embedder-Policy")).containsExactly("require-corp");
    assertThat(jettys.get("Vary")).containsExactly("Accept", "Origin");
    assertThat(jettys).doesNotContainKeys("X-Powered-By", "X-Custom-Early");
  }

  @Test
  void aFieldFoundByItsHeaderAloneIsReplacedAsPutReplacesIt() {
    HttpResponse<String> r = Http.get(jetty.port(), "/odd");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("Cache-Control: no-store");
  }

  @Test
  void namesEqualIgnoringCaseShareTheirBit() {
    assertThat(JettyEdgeResponse.bit("X-Frame-Options")).isEqualTo(JettyEdgeResponse.bit("x-frame-OPTIONS"));
    assertThat(JettyEdgeResponse.bit("RateLimit")).isEqualTo(JettyEdgeResponse.bit("RATELIMIT"));
    // Characters that equal an ASCII letter ignoring case: the Kelvin sign, long s, dotless i.
    assertThat("\u212Aey".equalsIgnoreCase("key")).isTrue();
    assertThat(JettyEdgeResponse.bit("\u212Aey")).isEqualTo(JettyEdgeResponse.bit("Key"));
    assertThat(JettyEdgeResponse.bit("\u017Fet-\u0131")).isEqualTo(JettyEdgeResponse.bit("SET-I"));
    // Different names mostly get different bits (what saves the searches).
    assertThat(JettyEdgeResponse.bit("X-Request-Id")).isNotEqualTo(JettyEdgeResponse.bit("X-Powered-By"));
    assertThat(JettyEdgeResponse.bit("RateLimit")).isNotEqualTo(JettyEdgeResponse.bit("RateLimit-Policy"));
  }

  @Test
  void knownHeadersUnderManyThreads() throws Exception {
    // Many distinct instances of each name race for the same few slots: every answer is Jetty's own.
    List<String> names = List.of("Content-Type", "content-length", "RateLimit", "X-Request-Id", "Connection",
        "Content-Security-Policy", "Vary", "Cache-Control");
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          go.await();
          int checked = 0;
          for (int i = 0; i < 20_000; i++) {
            String name = names.get(i % names.size());
            String instance = (i & 1) == 0 ? name : new String(name.toCharArray());
            assertThat(JettyEdgeResponse.header(instance)).isSameAs(HttpHeader.CACHE.get(name));
            checked++;
          }
          return checked;
        }));
      }
      go.countDown();
      for (Future<Integer> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(20_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
