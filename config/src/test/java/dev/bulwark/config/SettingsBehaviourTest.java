package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.body;
import static dev.bulwark.config.Exchanges.headers;
import static dev.bulwark.config.Exchanges.rejection;
import static dev.bulwark.config.Exchanges.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.contract.FakeRequest;
import org.junit.jupiter.api.Test;

/** Settings whose effect the complete example does not show, checked through requests. */
class SettingsBehaviourTest {

  private final ManualTicker ticker = new ManualTicker();

  private LoadedConfig load(String yaml) {
    return EdgeConfigLoader.builder().ticker(ticker).build().fromYaml(yaml);
  }

  @Test
  void problemTypesLiveUnderTheConfiguredBase() {
    Edge edge = load("problemTypeBase: https://errors.example.com/\nerrorFormat: problem-json\n"
        + "routes: [{pattern: /a, rateLimit: 1/minute}]").edge();
    edge.begin(FakeRequest.get("/a")).complete(200);

    assertThat(body(rejection(edge.begin(FakeRequest.get("/a"))))).isEqualTo("{\"type\":"
        + "\"https://errors.example.com/rate-limited\",\"title\":\"Too Many Requests\",\"status\":429,"
        + "\"detail\":\"Rate limit exceeded; retry after 60 seconds.\",\"instance\":\"/a\",\"retryAfter\":60}");
  }

  @Test
  void theForwardedHeaderCanBeTheOneBelieved() {
    Edge edge = load("clientIp: {trustedProxies: ['10.0.0.0/8'], forwardingHeader: forwarded}\n"
        + "routes: [{pattern: /a, rateLimit: 1/minute}]").edge();
    FakeRequest viaForwarded = FakeRequest.get("/a").peer("10.0.0.1")
        .header("Forwarded", "for=198.51.100.7").header("X-Forwarded-For", "192.0.2.1");
    assertThat(status(edge.begin(viaForwarded))).isEqualTo(200);

    FakeRequest sameClient = FakeRequest.get("/a").peer("10.0.0.1")
        .header("Forwarded", "for=198.51.100.7").header("X-Forwarded-For", "192.0.2.2");
    assertThat(status(edge.begin(sameClient))).isEqualTo(429);
  }

  @Test
  void aRouteKeyIsOneBucketForEveryClient() {
    Edge edge = load("routes: [{pattern: /a, key: route, rateLimit: 2/minute}]").edge();

    assertThat(status(edge.begin(FakeRequest.get("/a").peer("192.0.2.1")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/a").peer("192.0.2.2")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/a").peer("192.0.2.3")))).isEqualTo(429);
  }

  @Test
  void anIpAndUserAgentKeyTellsBrowsersBehindOneAddressApart() {
    Edge edge = load("routes: [{pattern: /a, key: ip+user-agent, rateLimit: 1/minute}]").edge();

    assertThat(status(edge.begin(FakeRequest.get("/a").header("User-Agent", "firefox")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/a").header("User-Agent", "chrome")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/a").header("User-Agent", "chrome")))).isEqualTo(429);
  }

  @Test
  void aCompositeKeyCombinesItsParts() {
    Edge edge = load("routes: [{pattern: /a, key: ['header:X-Api-Key', ip], rateLimit: 1/minute}]").edge();

    assertThat(status(edge.begin(FakeRequest.get("/a").header("X-Api-Key", "k")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/a").header("X-Api-Key", "k").peer("192.0.2.1"))))
        .isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/a").header("X-Api-Key", "k")))).isEqualTo(429);
  }

  @Test
  void routeDefaultsGiveEachRouteItsOwnLimiterUnlessTheRouteReplacesOrRemovesIt() {
    LoadedConfig config = load("routeDefaults: {rateLimit: 1/minute, securityHeaders: legacy}\n"
        + "routes:\n"
        + "  - {pattern: /a}\n"
        + "  - {pattern: /b, rateLimit: 2/minute}\n"
        + "  - {pattern: /c, rateLimit: null, securityHeaders: none}\n");
    Edge edge = config.edge();

    assertThat(status(edge.begin(FakeRequest.get("/a")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/a")))).isEqualTo(429);
    assertThat(status(edge.begin(FakeRequest.get("/b")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/b")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/b")))).isEqualTo(429);
    assertThat(status(edge.begin(FakeRequest.get("/c")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/c")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/elsewhere")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/elsewhere")))).isEqualTo(429);

    assertThat(config.rateLimiter("/a").orElseThrow().name()).isEqualTo("/a");
    assertThat(config.rateLimiter("default").orElseThrow().name()).isEqualTo("default");
    assertThat(config.rateLimiter("/c")).isEmpty();
    EdgeExchange legacy = edge.begin(FakeRequest.get("/a").peer("192.0.2.1"));
    assertThat(headers(legacy)).startsWith("X-Frame-Options: DENY", "X-Content-Type-Options: nosniff",
        "X-XSS-Protection: 1; mode=block");
    assertThat(headers(edge.begin(FakeRequest.get("/c")))).isEmpty();
  }

  @Test
  void percentDecodingDecodesWhatTheEdgeLeftEncoded() {
    Edge decoding = load("routes: [{pattern: /a, validation: {query: {percentDecode: true, plusAsSpace: true}}}]")
        .edge();
    Edge plain = load("routes: [{pattern: /a, validation: {query: {}}}]").edge();
    // The edge form-decodes once, leaving "%27 OR 1%3D1": the policy's own decoding finds the quote,
    // and so, since #17, do the detectors themselves, which also scan what is still percent-encoded.
    String twiceEncoded = "/a?q=%2527+OR+1%253D1";

    assertThat(rejection(decoding.begin(FakeRequest.get(twiceEncoded))).violations())
        .extracting(v -> v.code().name()).containsExactly("SQL_INJECTION");
    assertThat(rejection(plain.begin(FakeRequest.get(twiceEncoded))).violations())
        .extracting(v -> v.code().name()).containsExactly("SQL_INJECTION");
  }

  @Test
  void detectorsCanBeTurnedOff() {
    Edge edge = load("routes: [{pattern: /a, validation: {query: {detectSqlInjection: false, detectXss: false}}}]")
        .edge();

    assertThat(status(edge.begin(FakeRequest.get("/a?q=1%27+OR+1%3D1+--")))).isEqualTo(200);
  }

  @Test
  void aReportOnlyPolicyTrialsNextToTheEnforcedOne() {
    Edge edge = load("routes: [{pattern: /, securityHeaders: {profile: api, contentSecurityPolicy:"
        + " {directives: {default-src: [\"'self'\"]}, remove: [frame-ancestors], reportOnly: true,"
        + " reportUri: [/csp-reports], upgradeInsecureRequests: true}}}]").edge();

    assertThat(headers(edge.begin(FakeRequest.get("/")))).contains(
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
        "Content-Security-Policy-Report-Only: default-src 'self'; upgrade-insecure-requests;"
            + " report-uri /csp-reports");
  }
}
