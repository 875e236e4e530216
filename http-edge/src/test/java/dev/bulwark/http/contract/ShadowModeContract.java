package dev.bulwark.http.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.EdgeOutcome;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteBuilder;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.validation.ContentTypePolicy;
import dev.bulwark.validation.InputPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shadow mode over real HTTP: three servers of the adapter run side by side, one with the gates
 * enforcing, one with the same gates in shadow mode, one without those gates; each gets the same
 * requests on its own {@link ManualTicker}. The shadowing server's responses (status, every header
 * but {@code Date}, body) equal those of the server without the gates, and its shadow refusals are
 * the enforcing server's refusals, request by request.
 */
public abstract class ShadowModeContract {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();

  private final List<ContractServer> servers = new ArrayList<>();
  private final List<EdgeEvent> enforcedEvents = new CopyOnWriteArrayList<>();
  private final List<EdgeEvent> shadowEvents = new CopyOnWriteArrayList<>();
  private final ManualTicker enforcedTicker = new ManualTicker();
  private final ManualTicker shadowTicker = new ManualTicker();
  private final ManualTicker bareTicker = new ManualTicker();

  /**
   * Starts the adapter's server on {@code 127.0.0.1}, port 0, serving {@code app} behind
   * {@code edge}, as {@link EdgeAdapterContract#start} does.
   *
   * @param edge the edge
   * @param app the app
   * @return the running server; closed after each test
   * @throws Exception if it cannot start
   */
  protected abstract ContractServer start(Edge edge, ContractApp app) throws Exception;

  /** What a client saw, but the {@code Date} header. */
  private record Seen(int status, Map<String, List<String>> headers, String body) {}

  /**
   * Starts a server whose {@code /api/search} (3 per minute, query validation) and {@code POST /echo}
   * (declared bodies up to 16 bytes of {@code text/plain}) have their gates when {@code gated}, in
   * shadow mode when {@code shadow}.
   */
  private ContractServer serve(ManualTicker ticker, List<EdgeEvent> events, boolean gated, boolean shadow)
      throws Exception {
    RouteBuilder search = Route.builder("/api/search").name("search").methods("GET");
    RouteBuilder echo = Route.builder("/echo").name("echo").methods("POST");
    if (gated) {
      search.rateLimit(RateLimitGate.of("3/minute"))
          .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build());
      echo.validation(RouteValidation.builder().maxBodyBytes(16)
          .contentTypePolicy(ContentTypePolicy.builder().allowMediaTypes("text/plain").build())
          .bodyPolicy(InputPolicy.builder().maxBytes(16).build()).build());
    }
    if (shadow) {
      search.shadow();
      echo.shadow(EdgeGate.VALIDATION);
    }
    Edge edge = Edge.builder().ticker(ticker).clock(CLOCK).securityHeaders(SecurityHeaders.api())
        .listener(events::add).route(search.build()).route(echo.build()).build();
    ContractServer server = start(edge, new ContractApp());
    servers.add(server);
    return server;
  }

  private static Seen send(ContractServer server, String method, String target, String contentType, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target))
        .timeout(WAIT);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Map<String, List<String>> headers = new TreeMap<>();
      response.headers().map().forEach((name, values) -> {
        if (!name.equalsIgnoreCase("date")) {
          headers.put(name.toLowerCase(Locale.ROOT), values);
        }
      });
      return new Seen(response.statusCode(), headers, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The (gate, status) of each refusal, enforced or shadowed, in the order they happened. */
  private static List<String> refusals(List<EdgeEvent> events) {
    List<String> out = new ArrayList<>();
    for (EdgeEvent e : events) {
      if (e instanceof EdgeEvent.RequestFinished f && f.gate() != null) {
        out.add(f.route() + " " + f.gate() + " " + f.status());
      } else if (e instanceof EdgeEvent.ShadowRejected s) {
        out.add(s.route() + " " + s.gate() + " " + s.status());
      }
    }
    return out;
  }

  @Test
  void aShadowedGateNeverChangesAResponseAndRefusesWhatTheEnforcedGateRefuses() throws Exception {
    ContractServer enforced = serve(enforcedTicker, enforcedEvents, true, false);
    ContractServer shadow = serve(shadowTicker, shadowEvents, true, true);
    ContractServer bare = serve(bareTicker, new CopyOnWriteArrayList<>(), false, false);
    String[][] requests = {
      {"GET", "/api/search?q=1", null, null},
      {"GET", "/api/search?q=2", null, null},
      {"GET", "/api/search?q=3", null, null},
      {"GET", "/api/search?q=4", null, null},
      {"GET", "/api/search?q=5", null, null},
      {"advance"},
      {"GET", "/api/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", null, null},
      {"GET", "/api/search?q=fine", null, null},
      {"POST", "/echo", "text/plain", "short"},
      {"POST", "/echo", "text/plain", "a body longer than sixteen bytes"},
      {"POST", "/echo", "application/xml", "<a/>"},
    };
    List<Integer> enforcedStatuses = new ArrayList<>();
    for (String[] r : requests) {
      if (r[0].equals("advance")) {
        for (ManualTicker t : List.of(enforcedTicker, shadowTicker, bareTicker)) {
          t.advance(Duration.ofMinutes(1));
        }
        continue;
      }
      enforcedStatuses.add(send(enforced, r[0], r[1], r[2], r[3]).status());
      Seen shadowed = send(shadow, r[0], r[1], r[2], r[3]);
      Seen plain = send(bare, r[0], r[1], r[2], r[3]);
      assertThat(shadowed).as("%s %s", r[0], r[1]).isEqualTo(plain);
    }
    assertThat(enforcedStatuses).containsExactly(200, 200, 200, 429, 429, 400, 200, 200, 413, 415);
    assertThat(refusals(shadowEvents)).isEqualTo(refusals(enforcedEvents)).hasSize(5);
    assertThat(shadowEvents).filteredOn(e -> e instanceof EdgeEvent.RequestFinished f
        && f.outcome() != EdgeOutcome.ADMITTED).isEmpty();
  }

  @AfterEach
  final void closeServers() throws Exception {
    for (ContractServer server : servers) {
      server.close();
    }
  }
}
