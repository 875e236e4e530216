package dev.bulwark.headers.browser;

import static dev.bulwark.headers.CspDirective.BASE_URI;
import static dev.bulwark.headers.CspDirective.DEFAULT_SRC;
import static dev.bulwark.headers.CspDirective.OBJECT_SRC;
import static dev.bulwark.headers.CspDirective.SCRIPT_SRC;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CorsDecision;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.PreflightDecision;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.headers.SecurityHeaders;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Proves the policies in a real browser: headless Chromium loads pages from three local origins
 * (three ports of 127.0.0.1) whose tiny servers apply {@link SecurityHeaders}, a nonce-based
 * {@link ContentSecurityPolicy} and a {@link CorsPolicy} exactly as an adapter would.
 *
 * <ul>
 *   <li>app: the protected application, {@code http://127.0.0.1:A};
 *   <li>api: a credentialed JSON API that allows only the app's origin, {@code http://127.0.0.1:P};
 *   <li>other: another origin (the attacker), {@code http://127.0.0.1:C}.
 * </ul>
 *
 * <p>Every negative check has a positive control built the same way, so a test cannot pass because
 * the page simply failed to load. Run with {@code ./mvnw -B -pl security-headers -Pbrowser verify}.
 */
@Tag("browser")
class BrowserProofTest {

  private static final String HASHED_SCRIPT = "window.hashedRan=true;";
  private static final String SESSION = "s3cret";

  private static final SecurityHeaders NONCE_HEADERS =
      SecurityHeaders.strict().toBuilder()
          .contentSecurityPolicy(
              ContentSecurityPolicy.builder()
                  .directive(DEFAULT_SRC, "'self'")
                  .nonce(SCRIPT_SRC)
                  .directive(SCRIPT_SRC, "'strict-dynamic'")
                  .hash(SCRIPT_SRC, HASHED_SCRIPT)
                  .directive(OBJECT_SRC, "'none'")
                  .directive(BASE_URI, "'none'")
                  .build())
          .build();

  private static final ConcurrentLinkedQueue<String> apiLog = new ConcurrentLinkedQueue<>();
  private static final List<String> consoleLog = new ArrayList<>();

  private static Site app;
  private static Site api;
  private static Site other;
  private static CorsPolicy cors;
  private static HeadlessChromium chromium;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws IOException {
    app =
        new Site(
            Map.of(
                "/nonce", BrowserProofTest::noncePage,
                "/protected", e -> marked(e, SecurityHeaders.strict(), "protected"),
                "/legacy-protected", e -> marked(e, SecurityHeaders.legacy(), "legacy"),
                "/frameable", e -> marked(e, null, "frameable"),
                "/client", BrowserProofTest::clientPage));
    other =
        new Site(
            Map.of(
                "/client", BrowserProofTest::clientPage,
                "/framer", BrowserProofTest::framerPage));
    cors =
        CorsPolicy.builder()
            .allowOrigins(app.origin())
            .allowMethods("GET", "POST", "PUT")
            .allowHeaders("Content-Type", "X-Custom")
            .exposeHeaders("X-Request-Id")
            .allowCredentials()
            .maxAge(Duration.ZERO)
            .build();
    api =
        new Site(
            Map.of(
                "/login", BrowserProofTest::login,
                "/api/me", BrowserProofTest::apiCall,
                "/api/item", BrowserProofTest::apiCall));
    chromium = new HeadlessChromium();
    driver = chromium.driver();
    // The session cookie belongs to host 127.0.0.1 (cookies ignore ports), SameSite=Lax: it is
    // sent on every same-site request, so CORS alone decides what the pages may read.
    driver.get(api.origin() + "/login");
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      for (Site site : new Site[] {app, api, other}) {
        if (site != null) {
          site.close();
        }
      }
    }
  }

  @BeforeEach
  void clearLog() {
    apiLog.clear();
  }

  // ---------------------------------------------------------------- CSP nonces

  @Test
  void inlineScriptRunsOnlyWithTheResponseNonce() {
    driver.get(app.origin() + "/nonce");
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> js("return window.violations.length") instanceof Long n && n >= 2);

    assertThat(js("return window.noncedRan")).isEqualTo(true);
    assertThat(js("return window.hashedRan")).isEqualTo(true);
    assertThat(js("return typeof window.unnoncedRan")).isEqualTo("undefined");
    assertThat(js("return typeof window.wrongNonceRan")).isEqualTo("undefined");
    assertThat(js("return window.violations")).isEqualTo(List.of("script-src-elem", "script-src-elem"));

    String first = (String) js("return document.scripts[0].nonce");
    driver.navigate().refresh();
    String second = (String) js("return document.scripts[0].nonce");
    assertThat(first).hasSize(24).isNotEqualTo(second);
  }

  @Test
  void controlWithoutCspRunsEveryScript() {
    driver.get(app.origin() + "/nonce?csp=off");
    assertThat(js("return window.noncedRan")).isEqualTo(true);
    assertThat(js("return window.unnoncedRan")).isEqualTo(true);
    assertThat(js("return window.wrongNonceRan")).isEqualTo(true);
  }

  // ---------------------------------------------------------------- framing

  @Test
  void pagesCannotBeFramedByAnotherOrigin() {
    driver.get(other.origin() + "/framer?app=" + app.origin());
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> Long.valueOf(3).equals(js("return Object.keys(window.loads).length")));

    // The control loads; the strict page is refused by CSP frame-ancestors, the legacy page (whose
    // CSP has no frame-ancestors) by X-Frame-Options: DENY. Blocked frames show an error page.
    assertThat(markerInFrame("frameable")).isEqualTo("frameable");
    assertThat(markerInFrame("protected")).isNull();
    assertThat(markerInFrame("legacy")).isNull();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> browserLog().stream().anyMatch(m -> m.contains("\"frame-ancestors 'none'\"")));
  }

  private static String markerInFrame(String frame) {
    driver.switchTo().frame(frame);
    try {
      return driver.findElements(By.id("marker")).stream().map(e -> e.getText()).findFirst().orElse(null);
    } finally {
      driver.switchTo().defaultContent();
    }
  }

  @Test
  void chromiumUnderstandsEveryStrictProfileHeader() {
    driver.get(app.origin() + "/protected");
    assertThat(driver.findElement(By.id("marker")).getText()).isEqualTo("protected");
    assertThat(browserLog())
        .noneMatch(m -> m.contains("Permissions-Policy") || m.contains("Unrecognized feature"));
  }

  // ---------------------------------------------------------------- CORS

  @Test
  void credentialedFetchFromTheAllowedOriginSucceeds() {
    driver.get(app.origin() + "/client");
    String result = fetch(api.origin() + "/api/me", "{\"credentials\":\"include\"}");
    assertThat(result).isEqualTo("ok 200 X-Request-Id=42 {\"session\":\"" + SESSION + "\"}");
  }

  @Test
  void credentialedFetchFromAnotherOriginFails() {
    driver.get(other.origin() + "/client");
    assertThat(fetch(api.origin() + "/api/me", "{\"credentials\":\"include\"}")).isEqualTo("error TypeError");
    assertThat(fetch(api.origin() + "/api/me", "{}")).isEqualTo("error TypeError");
    // The requests did reach the API with the cookie: it is the browser that withholds the answer.
    assertThat(apiLog).containsExactly(
        "GET /api/me origin=" + other.origin() + " session=" + SESSION + " -> refused",
        "GET /api/me origin=" + other.origin() + " session=none -> refused");
  }

  @Test
  void preflightedRequestWorksOnlyForAllowedMethodsAndHeaders() {
    driver.get(app.origin() + "/client");
    String put =
        "{\"method\":\"PUT\",\"credentials\":\"include\",\"body\":\"{}\","
            + "\"headers\":{\"Content-Type\":\"application/json\",\"X-Custom\":\"1\"}}";
    String delete = "{\"method\":\"DELETE\",\"credentials\":\"include\"}";
    String evilHeader =
        "{\"method\":\"PUT\",\"credentials\":\"include\",\"headers\":{\"X-Evil\":\"1\"}}";

    assertThat(fetch(api.origin() + "/api/item", put))
        .isEqualTo("ok 200 X-Request-Id=42 {\"session\":\"" + SESSION + "\"}");
    assertThat(fetch(api.origin() + "/api/item", delete)).isEqualTo("error TypeError");
    assertThat(fetch(api.origin() + "/api/item", evilHeader)).isEqualTo("error TypeError");

    String from = " origin=" + app.origin();
    assertThat(apiLog)
        .containsExactly(
            "OPTIONS /api/item" + from + " -> 204",
            "PUT /api/item" + from + " session=" + SESSION + " -> allowed",
            "OPTIONS /api/item" + from + " -> 403 the method is not allowed: \"DELETE\"",
            "OPTIONS /api/item" + from + " -> 403 a request header is not allowed: \"x-evil\"");
  }

  // ---------------------------------------------------------------- helpers

  private static Object js(String script) {
    return driver.executeScript(script);
  }

  /** Runs fetch(url, init) in the current page; returns "ok status header body" or "error Name". */
  private static String fetch(String url, String initJson) {
    return (String)
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], JSON.parse(arguments[1])).then("
                + "  r => r.text().then(t => done('ok ' + r.status + ' X-Request-Id='"
                + "      + r.headers.get('X-Request-Id') + ' ' + t)),"
                + "  e => done('error ' + e.name));",
            url,
            initJson);
  }

  /** Returns the browser console messages so far (WebDriver hands each entry out only once). */
  private static List<String> browserLog() {
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      consoleLog.add(entry.getMessage());
    }
    return List.copyOf(consoleLog);
  }

  private static void noncePage(HttpExchange e) throws IOException {
    boolean cspOff = "csp=off".equals(e.getRequestURI().getQuery());
    String nonce = NONCE_HEADERS.newNonce();
    List<ResponseHeader> headers = cspOff ? List.of() : NONCE_HEADERS.headersFor(false, nonce);
    String html =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>nonce</title>"
            + "<script nonce=\"" + nonce + "\">window.violations = [];"
            + "document.addEventListener('securitypolicyviolation',"
            + " e => window.violations.push(e.effectiveDirective));</script>"
            + "</head><body>"
            + "<script nonce=\"" + nonce + "\">window.noncedRan=true;</script>"
            + "<script>window.unnoncedRan=true;</script>"
            + "<script nonce=\"AAAAAAAAAAAAAAAAAAAAAA==\">window.wrongNonceRan=true;</script>"
            + "<script>" + HASHED_SCRIPT + "</script>"
            + "</body></html>";
    Site.send(e, 200, headers, "text/html", html);
  }

  private static void marked(HttpExchange e, SecurityHeaders headers, String marker)
      throws IOException {
    List<ResponseHeader> list = headers == null ? List.of() : headers.headersFor(false, null);
    Site.send(e, 200, list, "text/html",
        "<!doctype html><title>" + marker + "</title><p id=\"marker\">" + marker + "</p>");
  }

  private static void clientPage(HttpExchange e) throws IOException {
    Site.send(e, 200, List.of(), "text/html", "<!doctype html><title>client</title><p>client</p>");
  }

  private static void framerPage(HttpExchange e) throws IOException {
    String appOrigin = e.getRequestURI().getQuery().substring("app=".length());
    StringBuilder html =
        new StringBuilder("<!doctype html><title>framer</title><script>window.loads = {};</script>");
    for (String[] frame :
        new String[][] {
          {"protected", "/protected"}, {"legacy", "/legacy-protected"}, {"frameable", "/frameable"}
        }) {
      html.append("<iframe name=\"").append(frame[0]).append("\" src=\"").append(appOrigin)
          .append(frame[1]).append("\" onload=\"window.loads[this.name] = true\"></iframe>");
    }
    Site.send(e, 200, List.of(), "text/html", html.toString());
  }

  private static void login(HttpExchange e) throws IOException {
    e.getResponseHeaders().add("Set-Cookie", "sid=" + SESSION + "; Path=/; HttpOnly; SameSite=Lax");
    Site.send(e, 200, List.of(), "text/plain", "logged in");
  }

  /** What an adapter does: preflight answered by the policy, actual requests get its headers. */
  private static void apiCall(HttpExchange e) throws IOException {
    String method = e.getRequestMethod();
    String path = e.getRequestURI().getPath();
    String origin = e.getRequestHeaders().getFirst("Origin");
    String requestMethod = e.getRequestHeaders().getFirst("Access-Control-Request-Method");
    if (CorsPolicy.isPreflight(method, origin, requestMethod)) {
      List<String> requestHeaders =
          e.getRequestHeaders().getOrDefault("Access-Control-Request-Headers", List.of());
      PreflightDecision d = cors.preflight(origin, requestMethod, requestHeaders);
      apiLog.add("OPTIONS " + path + " origin=" + origin + " -> " + d.status()
          + (d.allowed() ? "" : " " + d.reason()));
      Site.send(e, d.status(), d.headers(), "text/plain", "");
      return;
    }
    String cookie = e.getRequestHeaders().getFirst("Cookie");
    String session = cookie != null && cookie.startsWith("sid=") ? cookie.substring(4) : "none";
    CorsDecision d = cors.actual(origin);
    apiLog.add(method + " " + path + " origin=" + origin + " session=" + session + " -> "
        + (d.allowed() ? "allowed" : "refused"));
    List<ResponseHeader> headers = new ArrayList<>(d.headers());
    headers.addAll(SecurityHeaders.api().headersFor(false, null));
    headers.add(ResponseHeader.of("X-Request-Id", "42"));
    Site.send(e, 200, headers, "application/json", "{\"session\":\"" + session + "\"}");
  }
}
