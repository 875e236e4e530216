package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.browser.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium (through Debian's chromedriver, paths
 * set explicitly so that Selenium Manager never downloads anything) loads the demo's page through
 * the edge, with its strict, nonce-based Content-Security-Policy. The page must render (its nonced
 * style applies and its nonced script polls {@code /api/state}), update when traffic comes, and
 * cause no CSP violation: a {@code securitypolicyviolation} listener installed before any page
 * script runs collects them, and the browser's console log is checked too. A screenshot is written
 * to {@code examples/target/dashboard.png}.
 *
 * <p>Run with {@code ./mvnw -B -pl examples -Pbrowser verify}; fails when Chromium or
 * chromedriver is missing (override the paths with {@code -Dbulwark.chromium} and
 * {@code -Dbulwark.chromedriver}; install with {@code apt-get install -y chromium chromium-driver}).
 * The page polls once a second, so this test waits for real polls (at most 20 s for each).
 */
@Tag("browser")
class DashboardBrowserTest {

  private static final String COLLECT_VIOLATIONS =
      "window.cspViolations = [];"
          + "document.addEventListener('securitypolicyviolation', function (e) {"
          + "  window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);"
          + "});";

  private final SourceClients clients = new SourceClients();
  private RunningDemo demo;
  private HeadlessChromium chromium;
  private ChromeDriver driver;

  @BeforeEach
  void start() throws Exception {
    // Fails (IllegalStateException naming the missing executable) when Chromium or chromedriver is
    // not installed: under -Pbrowser a missing browser is a failed gate, never a skipped test.
    chromium = new HeadlessChromium("--window-size=1400,1000");
    demo = new RunningDemo(g -> JettyDemoServer.start("127.0.0.1", 0, g), b -> {});
    driver = chromium.driver();
    // Runs in every new document before the page's own scripts, outside the page's CSP.
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", COLLECT_VIOLATIONS));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      clients.close();
      if (demo != null) {
        demo.close();
      }
    }
  }

  /**
   * Reads one cell of the "GET /api/search" row in a single script run. The dashboard rebuilds its
   * tables on every refresh, so element handles found in one call can be stale in the next; a script
   * reads the row atomically between two refreshes.
   */
  private String searchRowCell(int column) {
    Object text = driver.executeScript(
        "for (const row of document.querySelectorAll('#routes tr')) {"
            + "  const cells = row.querySelectorAll('td');"
            + "  if (cells.length > arguments[0] && cells[0].textContent.trim() === 'GET /api/search') {"
            + "    return cells[arguments[0]].textContent.trim();"
            + "  }"
            + "}"
            + "return '';",
        column);
    return text == null ? "" : text.toString();
  }

  private long limiterRows() {
    return ((Number) driver.executeScript("return document.querySelectorAll('#limiters tr').length;")).longValue();
  }

  @Test
  void theDashboardRendersUpdatesAndViolatesNoContentSecurityPolicy() throws Exception {
    driver.get(demo.base.toString());
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.ignoring(StaleElementReferenceException.class);
    wait.until(d -> d.findElement(By.id("status")).getText().startsWith("live"));

    // The nonced <style> applied (the header is dark) and the nonced <script> filled the tables.
    assertThat(driver.findElement(By.tagName("header")).getCssValue("background-color"))
        .isEqualTo("rgba(36, 41, 47, 1)");
    assertThat(searchRowCell(1)).as("permitted searches before the traffic").isEqualTo("0");
    assertThat(limiterRows()).isGreaterThan(1);

    for (int i = 0; i < 3; i++) {
      ContentResponse r = clients.from("127.0.0.71")
          .newRequest(demo.url("/api/search?q=breaker")).timeout(10, TimeUnit.SECONDS).send();
      assertThat(r.getStatus()).isEqualTo(200);
    }
    for (int i = 0; i < 2; i++) {
      clients.from("127.0.0.71").newRequest(demo.url("/api/search?q=%3Cscript%3E")).timeout(10, TimeUnit.SECONDS).send();
    }
    wait.until(d -> searchRowCell(1).equals("3") && searchRowCell(5).equals("2"));

    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Path screenshot = Files.createDirectories(Path.of("target")).resolve("dashboard.png");
    Files.write(screenshot, png);
    assertThat(png.length).isGreaterThan(10_000);

    // Regression: at 1,400 px the limiter table was wider than its half-width section and cut off.
    assertThat(driver.executeScript(
            "return Array.from(document.querySelectorAll('section'))"
                + ".filter(s => s.scrollWidth > s.clientWidth).map(s => s.querySelector('h2').textContent);"))
        .as("sections whose content is cut off at 1,400 px").isEqualTo(List.of());
    // Regression: the per-client level's "Keys" column showed a dash in the in-memory demo.
    assertThat(driver.executeScript(
            "return Array.from(document.querySelectorAll('#limiters tr'))"
                + ".filter(r => r.cells[0].textContent.endsWith('.client') && r.cells[3].textContent.trim() === '\u2014')"
                + ".map(r => r.cells[0].textContent);"))
        .as("per-client limiters without a key count").isEqualTo(List.of());

    assertThat(driver.executeScript("return window.cspViolations")).isEqualTo(List.of());
    List<String> problems = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      String message = entry.getMessage();
      if (message.contains("Content Security Policy") || message.contains("Refused to")) {
        problems.add(message);
      }
    }
    assertThat(problems).as("console messages about the CSP").isEmpty();
  }
}
