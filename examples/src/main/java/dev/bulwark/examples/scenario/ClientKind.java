package dev.bulwark.examples.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of clients the {@link TrafficScenario} plays. Each kind sends from its own loopback
 * source addresses (Linux routes all of 127.0.0.0/8 to the loopback interface), so the demo, which
 * keys its limits on the peer address, sees each kind as a different client.
 */
public enum ClientKind {
  /** A few users at polite rates across every route; they should never be limited. */
  ORDINARY("ordinary users", 11, 3),
  /** One client hammering {@code /api/search} far above its limit. */
  ABUSIVE("abusive client", 21, 1),
  /** One client searching with a new spoofed {@code X-Forwarded-For} each time, hoping for a fresh limit. */
  SPOOFER("X-Forwarded-For spoofer", 22, 1),
  /** SQL injection and XSS in {@code q}, and SSRF targets for {@code /api/fetch}. */
  PROBER("injection prober", 23, 1),
  /** Bursts of long {@code /api/stream} requests, above the per-client concurrency limit. */
  STREAM_FLOOD("stream flood", 24, 1),
  /**
   * Keeps chatting through the upstream outage, which it stages through {@code /admin/upstream}
   * as the operator (from {@link #OPERATOR_ADDRESS}).
   */
  OUTAGE("upstream outage", 25, 1);

  /** The source address of the scenario's own reads of {@code /api/state}. */
  public static final String OBSERVER_ADDRESS = "127.0.0.2";

  /**
   * The source address of the outage's {@code /admin/upstream} calls: the operator's, the only
   * IPv4 address the demo's admin route accepts.
   */
  public static final String OPERATOR_ADDRESS = "127.0.0.1";

  private final String label;
  private final int firstOctet;
  private final int clients;

  ClientKind(String label, int firstOctet, int clients) {
    this.label = label;
    this.firstOctet = firstOctet;
    this.clients = clients;
  }

  /**
   * Returns the name shown in the report.
   *
   * @return e.g. {@code "abusive client"}
   */
  public String label() {
    return label;
  }

  /**
   * Returns the source addresses of this kind's clients, one per client.
   *
   * @return an immutable list of IPv4 loopback literals, 127.0.0.N
   */
  public List<String> addresses() {
    List<String> out = new ArrayList<>(clients);
    for (int i = 0; i < clients; i++) {
      out.add("127.0.0." + (firstOctet + i));
    }
    return List.copyOf(out);
  }
}
