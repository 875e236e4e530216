package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientIpResolver#resolve} allocates nothing for a canonical IPv4 peer and only the
 * returned string behind trusted proxies (compared with cutting the same string out of a header
 * line, so that the check holds for any object layout). Measured with the JVM's per-thread
 * allocation counter over a million calls (after a warm-up million that lets the JIT compile the path); the request
 * returns stored header lists, so every byte counted is the resolver's.
 */
class ClientIpResolverAllocationTest {

  private static final int CALLS = 1_000_000;

  /** Room for a GC or JIT hiccup: far below one 16-byte object per call. */
  private static final long SLACK_BYTES = 256 * 1024;

  private final ClientIpResolver resolver =
      ClientIpResolver.trustedProxies("10.0.0.0/8", "2001:db8::/32", "192.168.0.0/16");

  @Test
  void untrustedIpv4PeerAllocatesNothing() throws Exception {
    ClientIpTestRequest request =
        ClientIpTestRequest.from("203.0.113.7").xff("6.6.6.6").forwarded("for=6.6.6.6");
    long bytes = allocatedBy(() -> resolveMany(resolver, request, "203.0.113.7"));
    System.out.println("untrusted IPv4 peer: " + bytes + " bytes per " + CALLS + " calls");
    assertThat(bytes).isLessThan(SLACK_BYTES);
  }

  @Test
  void behindProxiesOnlyTheResultIsAllocated() throws Exception {
    ClientIpTestRequest request = ClientIpTestRequest.from("10.0.0.2")
        .xff("6.6.6.6, 203.0.113.7, 192.168.1.1", "10.0.0.1");
    // the cost of the result alone: the same string cut out of a header line, CALLS times
    long result = allocatedBy(() -> substringMany("6.6.6.6, 203.0.113.7", 9, 20));
    long bytes = allocatedBy(() -> resolveMany(resolver, request, "203.0.113.7"));
    System.out.println("X-Forwarded-For, two layers: " + (double) bytes / CALLS
        + " bytes per call; the result string alone: " + (double) result / CALLS);
    assertThat(bytes).isLessThan(result + SLACK_BYTES);

    ClientIpTestRequest rfc7239 = ClientIpTestRequest.from("10.0.0.2")
        .forwarded("for=6.6.6.6, for=203.0.113.7;proto=https, for=\"[2001:db8::1]:443\";by=x");
    ClientIpResolver forwarded = resolver.withHeader(ClientIpResolver.ForwardingHeader.FORWARDED);
    bytes = allocatedBy(() -> resolveMany(forwarded, rfc7239, "203.0.113.7"));
    System.out.println("Forwarded, two layers: " + (double) bytes / CALLS + " bytes per call");
    assertThat(bytes).isLessThan(result + SLACK_BYTES);
  }

  private static void resolveMany(
      ClientIpResolver resolver, ClientIpTestRequest request, String expected) {
    int matches = 0;
    for (int i = 0; i < CALLS; i++) {
      if (resolver.resolve(request).length() == expected.length()) {
        matches++;
      }
    }
    assertThat(matches).isEqualTo(CALLS);
    assertThat(resolver.resolve(request)).isEqualTo(expected);
  }

  private static void substringMany(String line, int from, int to) {
    int length = 0;
    for (int i = 0; i < CALLS; i++) {
      length += line.substring(from, to).length();
    }
    assertThat(length).isEqualTo(CALLS * (to - from));
  }

  /** Bytes allocated by the current thread while running {@code body}, after one warm-up run. */
  private static long allocatedBy(Runnable body) throws Exception {
    body.run();
    // Reflection: the tests compile inside the module, which does not read java.management.
    Object threads = Class.forName("java.lang.management.ManagementFactory")
        .getMethod("getThreadMXBean")
        .invoke(null);
    Method allocated = Class.forName("com.sun.management.ThreadMXBean")
        .getMethod("getCurrentThreadAllocatedBytes");
    long before = (Long) allocated.invoke(threads);
    body.run();
    long after = (Long) allocated.invoke(threads);
    return after - before;
  }
}
