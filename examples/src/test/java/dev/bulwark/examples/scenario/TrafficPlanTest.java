package dev.bulwark.examples.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrafficPlanTest {

  /** Every planned request of a run, tick by tick. */
  private static List<List<PlannedRequest>> plan(int ticks, long seed) {
    TrafficPlan plan = new TrafficPlan(ticks, seed);
    List<List<PlannedRequest>> all = new ArrayList<>();
    for (int t = 0; t < ticks; t++) {
      all.add(plan.at(t));
    }
    return all;
  }

  private static Map<ClientKind, Integer> perKind(List<List<PlannedRequest>> plan) {
    Map<ClientKind, Integer> counts = new EnumMap<>(ClientKind.class);
    plan.forEach(tick -> tick.forEach(r -> counts.merge(r.kind(), 1, Integer::sum)));
    return counts;
  }

  @Test
  void twoSecondsSendAnExactMix() {
    List<List<PlannedRequest>> plan = plan(20, 1);

    assertThat(perKind(plan))
        .isEqualTo(Map.of(
            ClientKind.ORDINARY, 6, ClientKind.ABUSIVE, 7, ClientKind.SPOOFER, 7, ClientKind.PROBER, 4,
            ClientKind.STREAM_FLOOD, 12, ClientKind.OUTAGE, 5));
    assertThat(plan.get(0)).extracting(PlannedRequest::route, PlannedRequest::address)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("POST /api/auth/login", "127.0.0.11"),
            org.assertj.core.groups.Tuple.tuple("GET /api/search", "127.0.0.21"));
    assertThat(plan.get(5)).hasSize(TrafficPlan.FLOOD_BURST)
        .allMatch(r -> r.route().equals("GET /api/stream") && r.query().equals(Map.of("ms", "2000")));
  }

  @Test
  void theOutageIsStagedAtThirtyAndFiftyFivePercentWithChatsInBetween() {
    TrafficPlan p = new TrafficPlan(200, 1);
    assertThat(p.outageStart()).isEqualTo(60);
    assertThat(p.outageEnd()).isEqualTo(110);

    List<List<PlannedRequest>> plan = plan(200, 1);
    List<String> outage = new ArrayList<>();
    for (int t = 0; t < 200; t++) {
      for (PlannedRequest r : plan.get(t)) {
        if (r.kind() == ClientKind.OUTAGE) {
          outage.add(t + " " + r.route() + (r.path().equals("/admin/upstream") ? " " + r.body() : ""));
        }
      }
    }
    assertThat(outage)
        .containsExactly(
            "20 POST /api/chat",
            "60 POST /admin/upstream {\"failureRate\":1.0}",
            "61 POST /api/chat", "66 POST /api/chat", "71 POST /api/chat", "76 POST /api/chat",
            "81 POST /api/chat", "86 POST /api/chat", "91 POST /api/chat", "96 POST /api/chat",
            "100 POST /api/chat", "101 POST /api/chat", "106 POST /api/chat",
            "110 POST /admin/upstream {\"failureRate\":0.0}",
            "180 POST /api/chat");
  }

  @Test
  void aTinyRunStillEndsItsOutageAfterStartingIt() {
    TrafficPlan p = new TrafficPlan(1, 1);
    assertThat(p.outageStart()).isZero();
    assertThat(p.outageEnd()).isEqualTo(1);
  }

  @Test
  void theSamePlanForTheSameSeed() {
    assertThat(plan(300, 7)).isEqualTo(plan(300, 7));
    assertThat(plan(300, 7)).isNotEqualTo(plan(300, 8));
  }

  @Test
  void theSpooferRotatesDocumentationAddresses() {
    Set<String> spoofed = new HashSet<>();
    plan(600, 1).forEach(tick -> tick.stream()
        .filter(r -> r.kind() == ClientKind.SPOOFER)
        .forEach(r -> spoofed.add(r.headers().get("X-Forwarded-For"))));

    assertThat(spoofed).hasSizeGreaterThan(150)
        .allMatch(a -> a.matches("(198\\.51\\.100|203\\.0\\.113)\\.([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-4])"));
  }

  /**
   * In every minute of a ten-minute run, each ordinary user stays within the demo's per-client
   * limits, the outage client within the chat limit, and all clients together well within the global
   * limit of 1000 (room for the dashboard's polls): whatever gets rejected is the abuse, never the
   * ordinary traffic.
   */
  @Test
  void ordinaryTrafficStaysWithinEveryLimitInEveryMinute() {
    int minute = 60 * TrafficPlan.TICKS_PER_SECOND;
    List<List<PlannedRequest>> plan = plan(10 * minute, 1);
    Map<String, Integer> limits =
        Map.of("GET /api/search", 30, "POST /api/chat", 20, "POST /api/documents", 5, "POST /api/auth/login", 5,
            "GET /api/fetch", 100, "GET /api/stream", 100);
    for (int start = 0; start + minute <= plan.size(); start += 10) {
      Map<String, Integer> perAddressAndRoute = new HashMap<>();
      int total = 0;
      for (int t = start; t < start + minute; t++) {
        for (PlannedRequest r : plan.get(t)) {
          total++;
          if (r.kind() == ClientKind.ORDINARY || r.route().equals("POST /api/chat")) {
            perAddressAndRoute.merge(r.address() + " " + r.route(), 1, Integer::sum);
          }
        }
      }
      assertThat(total).as("all requests in the minute from tick %d", start).isLessThanOrEqualTo(900);
      int from = start;
      perAddressAndRoute.forEach(
          (key, n) -> assertThat(n)
              .as("%s in the minute from tick %d", key, from)
              .isLessThanOrEqualTo(limits.get(key.substring(key.indexOf(' ') + 1))));
    }
  }
}
