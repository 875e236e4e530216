package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.validation.InputPolicy;
import dev.bulwark.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Body checks on the bytes an adapter read: {@link EdgeExchange#maxBodyBytes()} and its bound. */
class BodyBytesTest {

  private final KeyedConcurrencyLimiter<String> limiter = KeyedConcurrencyLimiter.builder(10, 10).build();

  private Edge edge(RouteBuilder route) {
    return Edge.builder().ticker(new ManualTicker()).route(route.concurrency(ConcurrencyGate.of(limiter)).build()).build();
  }

  @Test
  void theLimitIsThePolicysBytesLoweredByTheDeclaredSizeLimit() {
    assertThat(limitOf(Route.builder("/a").validation(RouteValidation.builder().bodyPolicy(InputPolicy.builder().maxBytes(100).build()).build())))
        .isEqualTo(100);
    assertThat(limitOf(Route.builder("/a").validation(RouteValidation.builder().maxBodyBytes(40).bodyPolicy(InputPolicy.builder().maxBytes(100).build()).build())))
        .isEqualTo(40);
    assertThat(limitOf(Route.builder("/a").validation(RouteValidation.builder().maxBodyBytes(400).bodyPolicy(InputPolicy.builder().maxBytes(100).build()).build())))
        .isEqualTo(100);
    // A route without a limit of its own has the edge's (1 MiB by default)...
    assertThat(limitOf(Route.builder("/a").validation(RouteValidation.builder().bodyPolicy(InputPolicy.builder().maxBytes(Long.MAX_VALUE).build()).build())))
        .isEqualTo(EdgeBuilder.DEFAULT_MAX_BODY_BYTES);
    // ...and with the edge's cap lifted, the policy's, capped to what an array holds.
    EdgeExchange uncapped = Edge.builder().ticker(new ManualTicker()).maxBodyBytes(Long.MAX_VALUE)
        .route(Route.builder("/a").validation(RouteValidation.builder().bodyPolicy(InputPolicy.builder().maxBytes(Long.MAX_VALUE).build()).build())
            .concurrency(ConcurrencyGate.of(limiter)).build())
        .build().begin(FakeRequest.of("POST", "/a"));
    assertThat(uncapped.maxBodyBytes()).isEqualTo(Integer.MAX_VALUE - 9);
    uncapped.cancel();
    assertThat(limitOf(Route.builder("/a").validation(RouteValidation.builder().maxBodyBytes(40).build()))).isEqualTo(-1);
    assertThat(limiter.inFlight()).isZero();
  }

  private long limitOf(RouteBuilder route) {
    EdgeExchange exchange = edge(route).begin(FakeRequest.of("POST", "/a"));
    try {
      return exchange.maxBodyBytes();
    } finally {
      exchange.cancel();
    }
  }

  @Test
  void bytesWithinTheLimitAreDecodedAndChecked() {
    Edge edge = edge(Route.builder("/a").validation(RouteValidation.builder().bodyPolicy(InputPolicy.builder().maxBytes(64).build()).build()));
    byte[] buffer = Arrays.copyOf("h\u00e9llo".getBytes(StandardCharsets.UTF_8), 100);

    EdgeExchange clean = edge.begin(FakeRequest.of("POST", "/a"));
    assertThat(clean.checkBody(buffer, 6)).isNull();
    assertThat(limiter.inFlight()).isEqualTo(1);
    clean.complete(200);

    EdgeExchange xss = edge.begin(FakeRequest.of("POST", "/a"));
    byte[] script = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
    EdgeRejection r = xss.checkBody(script, script.length);
    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.violations()).extracting(Violation::code, Violation::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Violation.Code.XSS, "body"));
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void malformedUtf8IsA400() {
    Edge edge = edge(Route.builder("/a").validation(RouteValidation.builder().bodyPolicy(InputPolicy.builder().maxBytes(64).build()).build()));
    byte[] bad = {'a', (byte) 0xC3, 'b'};

    EdgeRejection r = edge.begin(FakeRequest.of("POST", "/a")).checkBody(bad, 3);

    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.violations()).containsExactly(new Violation(
        Violation.Code.INVALID_UTF8, "body", "bytes are not well-formed UTF-8 at byte 1", 1));
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void oneByteOverTheLimitIs413AndReleasesThePermit() {
    Edge edge = edge(Route.builder("/a").validation(RouteValidation.builder().maxBodyBytes(8).bodyPolicy(InputPolicy.builder().maxBytes(64).build()).build()));
    EdgeExchange exchange = edge.begin(FakeRequest.of("POST", "/a"));

    assertThat(exchange.checkBody("12345678".getBytes(StandardCharsets.US_ASCII), 8)).isNull();
    EdgeRejection r = edge.begin(FakeRequest.of("POST", "/a")).checkBody(new byte[9], 9);
    exchange.complete(200);

    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.gate()).isEqualTo(EdgeGate.VALIDATION);
    assertThat(r.violations()).containsExactly(
        new Violation(Violation.Code.TOO_LARGE, "body", "body larger than 8 bytes", -1));
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void rejectedExchangesAndRoutesWithoutABodyPolicyCheckNothing() {
    Edge edge = edge(Route.builder("/a").validation(RouteValidation.builder().maxBodyBytes(4).build()));
    EdgeExchange admitted = edge.begin(FakeRequest.of("POST", "/a"));
    EdgeExchange rejected = edge.begin(FakeRequest.of("POST", "/a").contentLength(5));

    assertThat(admitted.checkBody(new byte[50], 50)).isNull();
    assertThat(rejected.admitted()).isFalse();
    assertThat(rejected.maxBodyBytes()).isEqualTo(-1);
    assertThat(rejected.checkBody(new byte[50], 50)).isNull();
    admitted.complete(200);
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void lengthsOutsideTheBufferAreRefused() {
    EdgeExchange exchange = edge(Route.builder("/a").validation(RouteValidation.builder().bodyPolicy(InputPolicy.forDocuments()).build()))
        .begin(FakeRequest.of("POST", "/a"));
    assertThatThrownBy(() -> exchange.checkBody(new byte[2], 3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> exchange.checkBody(new byte[2], -1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> exchange.checkBody((byte[]) null, 0)).isInstanceOf(NullPointerException.class);
    exchange.cancel();
    assertThat(limiter.inFlight()).isZero();
  }

  /**
   * Regression: a chunked body (no Content-Length) on a route with a size limit but no body policy
   * used to pass unread, so the limit held only for bodies that declared their size. The adapter
   * now counts it as it passes (without buffering it) and refuses it past the limit.
   */
  @Test
  void aStreamedBodyIsCountedToHoldTheSizeLimitWithoutABodyPolicy() {
    Edge edge = edge(Route.builder("/a").validation(RouteValidation.builder().maxBodyBytes(8).build()));
    FakeRequest chunked = FakeRequest.of("POST", "/a").header("Transfer-Encoding", "chunked");

    EdgeExchange within = edge.begin(chunked);
    // No content gate needs the body: the adapter passes it on and counts it against the limit.
    assertThat(within.wantsBody()).isFalse();
    assertThat(within.maxBodyBytes()).isEqualTo(-1);
    assertThat(within.bodyLimit()).isEqualTo(8);
    within.complete(200);

    EdgeExchange over = edge.begin(chunked);
    assertThat(limiter.inFlight()).isOne();
    EdgeRejection refused = over.refuseOversizedBody();
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.violations()).containsExactly(
        new Violation(Violation.Code.TOO_LARGE, "body", "body larger than 8 bytes", -1));
    assertThat(limiter.inFlight()).isZero();
    over.complete(200); // finished already: nothing more happens

    EdgeExchange declared = edge.begin(FakeRequest.of("POST", "/a").contentLength(8));
    assertThat(declared.wantsBody()).isFalse(); // the declared size was checked at begin
    declared.complete(200);
    EdgeExchange noBody = edge.begin(FakeRequest.of("POST", "/a"));
    assertThat(noBody.wantsBody()).isFalse();
    noBody.complete(200);
    assertThat(limiter.inFlight()).isZero();
  }
}
