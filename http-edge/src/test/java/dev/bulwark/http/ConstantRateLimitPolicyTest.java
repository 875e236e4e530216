package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code RateLimit-Policy} field of a keyed rate limit is the same on every response of its
 * route, so it goes through {@link EdgeResponse#setHeaders} as one constant list (which adapters
 * convert once); a hierarchical limiter's field names the deciding level and stays a
 * {@code setHeader}. {@code RateLimit} itself changes per request and is always a {@code setHeader}.
 */
class ConstantRateLimitPolicyTest {

  private final ManualTicker ticker = new ManualTicker();

  /** Records which lists came through {@code setHeaders} and which names through {@code setHeader}. */
  private static final class ListRecordingResponse implements EdgeResponse {
    final RecordingResponse headers = new RecordingResponse();
    final List<List<ResponseHeader>> lists = new ArrayList<>();
    final List<String> single = new ArrayList<>();

    @Override
    public void setHeaders(List<ResponseHeader> list) {
      lists.add(list);
      for (ResponseHeader h : list) {
        headers.setHeader(h.name(), h.value());
      }
    }

    @Override
    public void setHeader(String name, String value) {
      single.add(name);
      headers.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
      headers.addHeader(name, value);
    }

    @Override
    public boolean containsHeader(String name) {
      return headers.containsHeader(name);
    }

    @Override
    public void removeHeader(String name) {
      headers.removeHeader(name);
    }

    List<ResponseHeader> policyList() {
      for (List<ResponseHeader> list : lists) {
        if (list.size() == 1 && list.get(0).hasName("RateLimit-Policy")) {
          return list;
        }
      }
      throw new AssertionError("no constant RateLimit-Policy list in " + lists);
    }
  }

  private ListRecordingResponse write(Edge edge, FakeRequest request) {
    ListRecordingResponse response = new ListRecordingResponse();
    edge.begin(request).writeHeaders(response);
    return response;
  }

  @Test
  void keyedLimitWritesItsPolicyAsOneConstantList() {
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/api").name("api").rateLimit(RateLimitGate.of("5/minute")).build()).build();
    ListRecordingResponse first = write(edge, FakeRequest.get("/api"));
    ListRecordingResponse second = write(edge, FakeRequest.get("/api").peer("10.0.0.9"));

    assertThat(first.policyList()).isSameAs(second.policyList());
    assertThat(first.headers.get("RateLimit-Policy")).isEqualTo("\"api\";q=5;w=60");
    assertThat(first.single).contains("RateLimit").doesNotContain("RateLimit-Policy");
    assertThat(first.headers.get("RateLimit")).isEqualTo("\"api\";r=4;t=12");
    assertThat(first.headers.names()).containsSubsequence("RateLimit-Policy", "RateLimit");
  }

  @Test
  void aLimitOfSeveralPartsWritesTheirPolicyAsOneConstantList() {
    Edge edge = Edge.builder().ticker(ticker).route(Route.builder("/query").name("query")
        .rateLimit(RateLimitGate.allOf(
            RateLimitGate.of("3/minute").key(RateLimitKey.ip()),
            RateLimitGate.of("4/minute").key(RateLimitKey.ip())))
        .build()).build();
    ListRecordingResponse first = write(edge, FakeRequest.get("/query"));
    ListRecordingResponse second = write(edge, FakeRequest.get("/query"));

    assertThat(first.policyList()).isSameAs(second.policyList());
    assertThat(first.headers.get("RateLimit-Policy")).isEqualTo("\"query-ip\";q=3;w=60, \"query-ip-2\";q=4;w=60");
    assertThat(first.single).doesNotContain("RateLimit-Policy");
  }

  @Test
  void hierarchicalLimitWritesTheDecidingLevelPerRequest() {
    HierarchicalRateLimiter<String> limiter = HierarchicalRateLimiter.builder()
        .global(RateLimit.perMinute(30))
        .perClient(RateLimit.perMinute(2))
        .ticker(ticker)
        .build();
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/chat").name("chat").rateLimit(RateLimitGate.of(limiter)).build()).build();
    ListRecordingResponse response = write(edge, FakeRequest.get("/chat"));

    assertThat(response.single).contains("RateLimit-Policy", "RateLimit");
    assertThat(response.lists).noneMatch(l -> l.stream().anyMatch(h -> h.hasName("RateLimit-Policy")));
    assertThat(response.headers.get("RateLimit-Policy")).isEqualTo("\"client\";q=2;w=60");
  }
}
