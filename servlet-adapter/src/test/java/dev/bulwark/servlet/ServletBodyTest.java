package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.http.contract.InFlightTracker;
import dev.bulwark.validation.InputPolicy;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Body checks: what the application reads after the filter buffered and checked the body. */
class ServletBodyTest {

  private final InFlightTracker inFlight = new InFlightTracker(10, 10);
  private final AtomicInteger handled = new AtomicInteger();
  private EmbeddedJetty jetty;

  private void start(InputPolicy bodyPolicy, LambdaServlet.Handler handler) throws Exception {
    Edge edge = Edge.builder().ticker(new ManualTicker())
        .route(Route.builder("/body").concurrency(ConcurrencyGate.of(inFlight)).validation(RouteValidation.builder().bodyPolicy(bodyPolicy).build()).build())
        .build();
    jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new LambdaServlet((req, res) -> {
        handled.incrementAndGet();
        handler.handle(req, res);
      })), "/*");
    });
  }

  @AfterEach
  void stop() throws Exception {
    assertThat(inFlight.awaitIdle(Http.WAIT)).isTrue();
    jetty.close();
  }

  private HttpResponse<String> post(String target, String contentType, HttpRequest.BodyPublisher body) {
    return Http.send(Http.request(jetty.port(), target).header("Content-Type", contentType).POST(body));
  }

  private static HttpRequest.BodyPublisher chunked(byte[] bytes) {
    return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
  }

  @Test
  void formParametersAreDecodedFromTheReplayedBodyAfterTheQuery() throws Exception {
    start(InputPolicy.builder().maxBytes(1_000).build(), (req, res) -> ContractServlet.text(res,
        String.join(",", req.getParameterValues("a")) + "|" + req.getParameter("b") + "|"
            + req.getParameter("c") + "|" + String.join(",", req.getParameterMap().keySet()) + "|"
            + req.getParameter("missing")));

    HttpResponse<String> r = post("/body?a=0", "application/x-www-form-urlencoded; charset=UTF-8",
        HttpRequest.BodyPublishers.ofString("a=1&b=h%C3%A9+x&c"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("0,1|h\u00e9 x||a,b,c|null");
  }

  @Test
  void theReaderReplaysTheBodyInItsDeclaredCharsetAndExcludesTheStream() throws Exception {
    start(InputPolicy.builder().maxBytes(1_000).build(), (req, res) -> {
      String line = req.getReader().readLine();
      String stream;
      try {
        req.getInputStream();
        stream = "stream allowed";
      } catch (IllegalStateException e) {
        stream = e.getMessage();
      }
      ContractServlet.text(res, line + "|" + stream + "|" + req.getContentLength());
    });

    HttpResponse<String> r = post("/body", "text/plain; charset=UTF-8",
        HttpRequest.BodyPublishers.ofString("h\u00e9llo", StandardCharsets.UTF_8));

    assertThat(r.body()).isEqualTo("h\u00e9llo|getReader() was already called on this request|6");
  }

  @Test
  void aLargeChunkedBodyIsReplayedByteForByte() throws Exception {
    start(InputPolicy.forDocuments(), (req, res) -> {
      byte[] body = req.getInputStream().readAllBytes();
      ContractServlet.text(res, body.length + ":" + Arrays.hashCode(body) + ":" + req.getInputStream().read());
    });
    byte[] document = new byte[300_000];
    for (int i = 0; i < document.length; i++) {
      document[i] = (byte) ('a' + i % 26);
    }

    HttpResponse<String> r = post("/body", "text/plain", chunked(document));

    assertThat(r.body()).isEqualTo(document.length + ":" + Arrays.hashCode(document) + ":-1");
  }

  @Test
  void aChunkedBodyOverTheLimitNeverReachesTheServlet() throws Exception {
    start(InputPolicy.builder().maxBytes(16).build(), (req, res) -> res.setStatus(204));

    HttpResponse<String> r = post("/body", "text/plain", chunked(new byte[100_000]));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("\"code\":\"TOO_LARGE\"", "body larger than 16 bytes");
    assertThat(handled).hasValue(0);
  }

  @Test
  void malformedUtf8IsRefusedBeforeTheServlet() throws Exception {
    start(InputPolicy.builder().maxBytes(1_000).build(), (req, res) -> res.setStatus(204));

    HttpResponse<String> r = post("/body", "text/plain", chunked(new byte[] {'o', 'k', (byte) 0xFF}));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":\"INVALID_UTF8\"");
    assertThat(handled).hasValue(0);
  }

  @Test
  void multipartBodiesCannotBeParsedAfterTheCheckAndSaySo() throws Exception {
    start(InputPolicy.builder().maxBytes(1_000).build(), (req, res) -> {
      try {
        req.getParts();
        ContractServlet.text(res, "parsed");
      } catch (ServletException e) {
        ContractServlet.text(res, e.getMessage());
      }
    });
    String body = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n";

    HttpResponse<String> r = post("/body", "multipart/form-data; boundary=b",
        HttpRequest.BodyPublishers.ofString(body));

    assertThat(r.body()).isEqualTo("multipart bodies cannot be parsed on a route with body checks"
        + " (RouteBuilder.bodyPolicy): the filter has already read the body");
  }

  @Test
  void theReplayedStreamSupportsNonBlockingReads() throws Exception {
    start(InputPolicy.builder().maxBytes(1_000).build(), (req, res) -> {
      AsyncContext async = req.startAsync();
      ServletInputStream in = req.getInputStream();
      StringBuilder events = new StringBuilder();
      in.setReadListener(new ReadListener() {
        @Override
        public void onDataAvailable() throws IOException {
          InputStream stream = in;
          events.append("data:").append(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
        }

        @Override
        public void onAllDataRead() throws IOException {
          events.append("|done:").append(in.isFinished());
          ContractServlet.text((HttpServletResponse) async.getResponse(), events.toString());
          async.complete();
        }

        @Override
        public void onError(Throwable t) {
          async.complete();
        }
      });
    });

    HttpResponse<String> r = post("/body", "text/plain", HttpRequest.BodyPublishers.ofString("ping"));

    assertThat(r.body()).isEqualTo("data:ping|done:true");
  }
}
