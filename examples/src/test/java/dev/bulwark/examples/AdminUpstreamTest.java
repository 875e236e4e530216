package dev.bulwark.examples;

import static dev.bulwark.examples.DemoFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AdminUpstreamTest {

  private final DemoFixture demo = new DemoFixture();

  @Test
  void setsTheUpstreamsBehaviourAndAnswersTheSettingsInForce() {
    DemoResponse both = demo.call(post("/admin/upstream", "application/json", "{\"failureRate\":1.0,\"latencyMs\":250}"));
    assertThat(both.status()).isEqualTo(200);
    assertThat(both.bodyText()).isEqualTo("{\"failureRate\":1.0,\"latencyMs\":250}");
    assertThat(demo.upstream.settings()).isEqualTo(new UpstreamSettings(1.0, 250));

    DemoResponse rateOnly = demo.call(post("/admin/upstream", "application/json", "{\"failureRate\":0}"));
    assertThat(rateOnly.bodyText()).isEqualTo("{\"failureRate\":0.0,\"latencyMs\":250}");
  }

  @ParameterizedTest
  @CsvSource({"10.1.2.3", "127.0.0.2", "127.0.0.25", "::2", "fe80::1"})
  void onlyTheOperatorsAddressesMayCallIt(String peer) {
    DemoRequest remote =
        DemoRequest.builder("POST", "/admin/upstream", DemoFixture.address(peer))
            .body("{\"failureRate\":1.0}".getBytes(StandardCharsets.UTF_8), "application/json")
            .build();

    DemoResponse r = demo.call(remote);

    assertThat(r.status()).isEqualTo(403);
    assertThat(DemoFixture.json(r).get("detail").asText())
        .isEqualTo("/admin/upstream accepts requests from 127.0.0.1 or ::1 only");
    assertThat(demo.upstream.settings()).isEqualTo(new UpstreamSettings(0.0, 100));
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1", "::1"})
  void theOperatorIsTheLoopbackAddressItself(String peer) {
    DemoRequest local =
        DemoRequest.builder("POST", "/admin/upstream", DemoFixture.address(peer))
            .body("{\"latencyMs\":5}".getBytes(StandardCharsets.UTF_8), "application/json")
            .build();

    assertThat(demo.call(local).status()).isEqualTo(200);
    assertThat(demo.upstream.settings()).isEqualTo(new UpstreamSettings(0.0, 5));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                                      | the body is empty",
        "[1]                                     | the body must be a JSON object",
        "{}                                      | set failureRate, latencyMs or both",
        "{\"rate\":1}                            | unknown member 'rate'",
        "{\"failureRate\":1.5}                   | failureRate must be a number from 0.0 to 1.0 but was 1.5",
        "{\"failureRate\":\"high\"}              | failureRate must be a number from 0.0 to 1.0 but was \"high\"",
        "{\"latencyMs\":-1}                      | latencyMs must be an integer from 0 to 60000 but was -1",
        "{\"latencyMs\":2.5}                     | latencyMs must be an integer from 0 to 60000 but was 2.5",
        "{\"latencyMs\":60001}                   | latencyMs must be an integer from 0 to 60000 but was 60001",
      })
  void refusesBadSettingsWithAClearMessage(String body, String problem) {
    DemoResponse r = demo.call(post("/admin/upstream", "application/json", body));

    assertThat(r.status()).isEqualTo(400);
    assertThat(DemoFixture.json(r).get("detail").asText())
        .isEqualTo(problem + "; expected e.g. {\"failureRate\":0.5,\"latencyMs\":200}");
    assertThat(demo.upstream.settings()).isEqualTo(new UpstreamSettings(0.0, 100));
  }

  @Test
  void refusesMalformedJsonAndDuplicateMembers() {
    DemoResponse malformed = demo.call(post("/admin/upstream", "application/json", "{\"failureRate\":"));
    DemoResponse duplicate =
        demo.call(post("/admin/upstream", "application/json", "{\"failureRate\":0,\"failureRate\":1}"));

    assertThat(DemoFixture.json(malformed).get("detail").asText()).startsWith("the body is not valid JSON (");
    assertThat(DemoFixture.json(duplicate).get("detail").asText())
        .startsWith("the body is not valid JSON (Duplicate field 'failureRate')");
    assertThat(demo.upstream.settings()).isEqualTo(new UpstreamSettings(0.0, 100));
  }
}
