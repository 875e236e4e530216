package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.Route;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On Jetty 12 the exchange reports the response body's exact size, with or without a
 * {@code Content-Length}: streamed in chunks, through the writer, asynchronously; 0 for a response
 * that has no body by HTTP's rules. Counting adds no allocation per request.
 */
class ServletResponseSizeTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int CALLS = 10_000;
  /** "héllo wörld ✓" is 17 bytes in UTF-8. */
  private static final String TEXT = "h\u00e9llo w\u00f6rld \u2713";

  private final BlockingQueue<EdgeEvent.RequestFinished> finished = new LinkedBlockingQueue<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final AtomicLong countingAllocated = new AtomicLong(-1);
  private EmbeddedJetty jetty;

  @BeforeEach
  void start() throws Exception {
    Edge edge = Edge.builder()
        .listener(event -> {
          if (event instanceof EdgeEvent.RequestFinished f) {
            finished.add(f);
          }
        })
        .route(Route.builder("/**").name("all").build())
        .build();
    LambdaServlet servlet = new LambdaServlet((request, response) -> {
      switch (request.getPathInfo() == null ? request.getServletPath() : request.getServletPath() + request.getPathInfo()) {
        case "/chunked" -> {
          ServletOutputStream out = response.getOutputStream();
          for (int i = 0; i < 3; i++) {
            out.write(filled(10_000, 'a' + i));
            out.flush(); // commits without a Content-Length: the body goes chunked
          }
        }
        case "/writer" -> {
          response.setContentType("text/plain;charset=utf-8");
          PrintWriter writer = response.getWriter();
          writer.print(TEXT);
          writer.print(TEXT);
        }
        case "/large-writer" -> {
          response.setContentType("text/plain;charset=utf-8");
          PrintWriter writer = response.getWriter();
          for (int i = 0; i < 5_000; i++) {
            writer.print(TEXT); // 85,000 bytes: past Jetty's buffer, so it streams
          }
        }
        case "/declared" -> {
          response.setContentLength(12);
          response.getOutputStream().write("twelve bytes".getBytes(StandardCharsets.US_ASCII));
        }
        case "/reset" -> {
          response.getOutputStream().write(filled(100, 'x'));
          response.resetBuffer();
          response.getOutputStream().write(filled(7, 'y'));
        }
        case "/async" -> {
          AsyncContext async = request.startAsync();
          var unused = worker.submit(() -> {
            try {
              ServletOutputStream out = async.getResponse().getOutputStream();
              out.write(filled(4_000, 'p'));
              out.flush();
              out.write(filled(1_000, 'q'));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            async.complete();
          });
        }
        case "/head" -> {
          response.setContentType("text/plain");
          response.getOutputStream().write(filled(100, 'h')); // dropped by Jetty for a HEAD
        }
        case "/not-modified" -> response.setStatus(304);
        case "/no-content" -> response.setStatus(204);
        case "/allocation" -> {
          response.getOutputStream().write(filled(3, 'z'));
          for (int i = 0; i < CALLS; i++) {
            OutcomeListener.responseBytes(request, response, 200);
          }
          long before = THREADS.getCurrentThreadAllocatedBytes();
          long sum = 0;
          for (int i = 0; i < CALLS; i++) {
            sum += OutcomeListener.responseBytes(request, response, 200);
          }
          countingAllocated.set(THREADS.getCurrentThreadAllocatedBytes() - before);
          assertThat(sum).isEqualTo(3L * CALLS);
        }
        default -> response.sendError(404);
      }
    });
    jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      ServletHolder holder = new ServletHolder(servlet);
      holder.setAsyncSupported(true);
      context.addServlet(holder, "/*");
    });
  }

  @AfterEach
  void stop() throws Exception {
    worker.shutdownNow();
    jetty.close();
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
        .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private EdgeEvent.RequestFinished reported() throws InterruptedException {
    EdgeEvent.RequestFinished event = finished.poll(10, TimeUnit.SECONDS);
    assertThat(event).as("the exchange was finished").isNotNull();
    return event;
  }

  @Test
  void aChunkedResponseIsCountedByteForByte() throws Exception {
    HttpResponse<byte[]> response = send(Http.request(jetty.port(), "/chunked"));
    assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    assertThat(response.body()).hasSize(30_000);
    assertThat(reported().responseBytes()).isEqualTo(30_000);
  }

  @Test
  void aWritersResponseIsCountedInEncodedBytes() throws Exception {
    HttpResponse<byte[]> small = send(Http.request(jetty.port(), "/writer"));
    assertThat(small.body()).hasSize(34);
    assertThat(reported().responseBytes()).isEqualTo(34);

    HttpResponse<byte[]> large = send(Http.request(jetty.port(), "/large-writer"));
    assertThat(large.headers().firstValue("Content-Length")).isEmpty();
    assertThat(large.body()).hasSize(85_000);
    assertThat(reported().responseBytes()).isEqualTo(85_000);
  }

  @Test
  void aDeclaredLengthAndAResetBufferAreExact() throws Exception {
    assertThat(send(Http.request(jetty.port(), "/declared")).body()).hasSize(12);
    assertThat(reported().responseBytes()).isEqualTo(12);
    assertThat(send(Http.request(jetty.port(), "/reset")).body()).hasSize(7);
    assertThat(reported().responseBytes()).isEqualTo(7);
  }

  @Test
  void anAsynchronousResponseIsCountedWhenItCompletes() throws Exception {
    HttpResponse<byte[]> response = send(Http.request(jetty.port(), "/async"));
    assertThat(response.body()).hasSize(5_000);
    EdgeEvent.RequestFinished event = reported();
    assertThat(event.status()).isEqualTo(200);
    assertThat(event.responseBytes()).isEqualTo(5_000);
  }

  @Test
  void aHeadResponseIsZeroThoughTheServletWroteABody() throws Exception {
    HttpResponse<byte[]> head = send(Http.request(jetty.port(), "/head")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(reported().responseBytes()).isZero();
  }

  @Test
  void aNotModifiedResponseIsZero() throws Exception {
    assertThat(send(Http.request(jetty.port(), "/not-modified")).statusCode()).isEqualTo(304);
    EdgeEvent.RequestFinished notModified = reported();
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.responseBytes()).isZero();
  }

  @Test
  void aNoContentResponseIsZero() throws Exception {

    assertThat(send(Http.request(jetty.port(), "/no-content")).statusCode()).isEqualTo(204);
    assertThat(reported().responseBytes()).isZero();
  }

  @Test
  void countingAllocatesNothing() throws Exception {
    assertThat(send(Http.request(jetty.port(), "/allocation")).statusCode()).isEqualTo(200);
    assertThat(reported().responseBytes()).isEqualTo(3);
    // Less than one byte per call over 10,000 calls on the request's own thread: nothing per call.
    assertThat(countingAllocated.get()).isBetween(0L, (long) CALLS - 1);
  }
}
