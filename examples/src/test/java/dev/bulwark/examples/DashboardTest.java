package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardTest {

  private final Dashboard dashboard = Dashboard.load();

  @Test
  void theTemplateCarriesTheNoncePlaceholderOnItsStyleAndScript() {
    assertThat(dashboard.placeholders()).isEqualTo(2);
    String page = dashboard.render("abc123+/=");

    assertThat(page).contains("<style nonce=\"abc123+/=\">").contains("<script nonce=\"abc123+/=\">");
    assertThat(page).doesNotContain("{{");
  }

  @Test
  void withoutANonceTheAttributesDisappear() {
    String page = dashboard.render(null);

    assertThat(page).contains("<style>").contains("<script>").doesNotContain("nonce=");
  }

  @Test
  void theRouteRendersTheRequestsNonceAndIsNeverCached() {
    DemoFixture demo = new DemoFixture();
    DemoResponse r = demo.call(DemoFixture.request("GET", "/").cspNonce("Tm9uY2VOb25jZU5vbmNl").build());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).contains("text/html; charset=utf-8");
    assertThat(r.header("Cache-Control")).contains("no-store");
    assertThat(r.bodyText()).isEqualTo(dashboard.render("Tm9uY2VOb25jZU5vbmNl"));
  }

  @Test
  void thePageNeedsNothingAStrictCspForbids() {
    String page = dashboard.render("n");

    assertThat(page).as("one inline script").containsOnlyOnce("<script");
    assertThat(page).doesNotContainPattern("(?i)\\son[a-z]+\\s*=") // inline event handlers
        .doesNotContain("innerHTML")
        .doesNotContain("outerHTML")
        .doesNotContain("insertAdjacentHTML")
        .doesNotContain("document.write")
        .doesNotContain("eval(")
        .doesNotContain("new Function")
        .doesNotContain("style=\"") // inline style attributes
        .doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"(https?:)?//"); // external assets
    assertThat(page).contains("fetch('/api/state'").contains("textContent");
  }

  @Test
  void theStateTheDashboardPollsIsServed() {
    DemoFixture demo = new DemoFixture();
    DemoResponse r = demo.call(DemoFixture.get("/api/state", Map.of()));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).contains("application/json");
  }
}
