package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeHealth;
import dev.bulwark.http.EdgeListener;
import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.HealthStatus;
import dev.bulwark.testlog.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * The log events of http-edge ({@code dev.bulwark.http}), checked here because this module's tests
 * capture slf4j output exactly (http-edge's tests log through slf4j-simple).
 */
class EdgeLogEventsTest {

  @Test
  void aThrowingListenerIsLoggedOncePerFailureAndTheRequestGoesOn() {
    EdgeListener throwing = new EdgeListener() {
      @Override
      public void onEvent(EdgeEvent event) {
        throw new IllegalStateException("bug");
      }

      @Override
      public String toString() {
        return "ThrowingListener";
      }
    };
    Edge edge = Edge.builder().listener(throwing).build();
    try (LogCapture logs = LogCapture.start()) {
      edge.begin(TestRequest.get("/x")).complete(200);
      assertThat(logs.lines("dev.bulwark.http"))
          .containsExactly("WARN event=edge_listener_failed route=default listener=ThrowingListener");
      assertThat(logs.entries().get(0).cause()).hasMessage("bug");
    }
  }

  @Test
  void aFailingHealthContributorIsLoggedAndReportedDown() {
    EdgeHealth health = EdgeHealth.builder(Edge.builder().build())
        .contributor("redis:limits", () -> {
          throw new IllegalStateException("no connection");
        })
        .build();
    try (LogCapture logs = LogCapture.start()) {
      assertThat(health.report().status()).isEqualTo(HealthStatus.DOWN);
      assertThat(logs.lines("dev.bulwark.http"))
          .containsExactly("WARN event=health_contributor_failed name=redis:limits");
      assertThat(logs.entries().get(0).cause()).hasMessage("no connection");
    }
  }
}
