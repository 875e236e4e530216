package dev.bulwark.http;

import static dev.bulwark.http.ClientIpResolver.ForwardingHeader.FORWARDED;
import static dev.bulwark.http.ClientIpResolver.ForwardingHeader.FORWARDED_OR_X_FORWARDED_FOR;
import static dev.bulwark.http.ClientIpResolver.ForwardingHeader.X_FORWARDED_FOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientIpResolverTest {

  private final ClientIpResolver resolver = ClientIpResolver.trustedProxies("10.0.0.0/8");
  private final ClientIpResolver forwarded = resolver.withHeader(FORWARDED);

  /**
   * Trusted: 10.0.0.0/8 and 2001:db8:1::/48. Columns: peer, header (XFF or FWD), its field lines
   * separated by {@code #}, and the expected client.
   */
  @ParameterizedTest(name = "{0} {1}: {2} -> {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    // untrusted peer: headers ignored
    "198.51.100.9    | XFF | 10.0.0.1                              | 198.51.100.9",
    "198.51.100.9    | FWD | for=10.0.0.1                          | 198.51.100.9",
    "2001:db8:2::1   | XFF | 10.0.0.1                              | 2001:db8:2::1",
    // trusted peer, one and two layers, first untrusted from the right
    "10.0.0.2        | XFF | 203.0.113.7                           | 203.0.113.7",
    "10.0.0.2        | XFF | 1.1.1.1,203.0.113.7,10.0.0.1          | 203.0.113.7",
    "10.0.0.2        | XFF | 1.1.1.1 , 203.0.113.7 ,	10.0.0.1     | 203.0.113.7",
    "10.0.0.2        | XFF | 1.1.1.1#203.0.113.7#10.0.0.1          | 203.0.113.7",
    "10.0.0.2        | XFF | 203.0.113.7, 2001:db8:1::5            | 203.0.113.7",
    "2001:db8:1::2   | XFF | 2001:db8:2:0:0:0:0:1, 2001:db8:1::5   | 2001:db8:2::1",
    "10.0.0.2        | FWD | for=203.0.113.7;proto=https           | 203.0.113.7",
    "10.0.0.2        | FWD | for=1.1.1.1, for=203.0.113.7#for=10.0.0.1 | 203.0.113.7",
    "10.0.0.2        | FWD | for=\"[2001:db8:2::9]:80\", for=10.0.0.1 | 2001:db8:2::9",
    // all trusted: the leftmost
    "10.0.0.2        | FWD | for=\"[2001:db8:1::9]\", for=10.0.0.1 | 2001:db8:1::9",
    "10.0.0.2        | XFF | 10.9.9.9, 2001:db8:1::7               | 10.9.9.9",
    "10.0.0.2        | FWD | for=10.9.9.9;by=10.0.0.2              | 10.9.9.9",
    // unreadable hops stop at the nearest trusted address
    "10.0.0.2        | XFF | 203.0.113.7, unknown                  | 10.0.0.2",
    "10.0.0.2        | XFF | 203.0.113.7, unknown, 10.0.0.5        | 10.0.0.5",
    "10.0.0.2        | XFF | 203.0.113.7, 300.1.1.1, 10.0.0.5      | 10.0.0.5",
    "10.0.0.2        | XFF | 203.0.113.7, [10.0.0.6], 10.0.0.5     | 10.0.0.5",
    "10.0.0.2        | XFF | 203.0.113.7, 2001:db8::1:80:, 10.0.0.5 | 10.0.0.5",
    "10.0.0.2        | FWD | for=203.0.113.7, for=_x9, for=10.0.0.5 | 10.0.0.5",
    "10.0.0.2        | FWD | for=203.0.113.7, proto=http          | 10.0.0.2",
    "10.0.0.2        | FWD | for=203.0.113.7, for=10.0.0.5;for=10.0.0.6 | 10.0.0.2",
    "10.0.0.2        | FWD | for=203.0.113.7, for=\"10.0.0.5      | 10.0.0.2",
    // canonical results
    "10.0.0.2        | XFF | ::FFFF:203.0.113.7                    | 203.0.113.7",
    "10.0.0.2        | XFF | 2001:DB8:2::0:1                       | 2001:db8:2::1",
    "10.0.0.2        | XFF | [2001:db8:2::1]:8443                  | 2001:db8:2::1",
    "::ffff:10.0.0.2 | XFF | 203.0.113.7:1234                      | 203.0.113.7",
    "0:0:0:0:0:ffff:a00:2 | XFF | 203.0.113.7                      | 203.0.113.7",
  })
  void table(String peer, String header, String lines, String expected) {
    ClientIpResolver trusting = ClientIpResolver.trustedProxies("10.0.0.0/8", "2001:db8:1::/48");
    ClientIpTestRequest request = ClientIpTestRequest.from(peer);
    for (String line : lines.split("#", -1)) {
      request.header(header.equals("XFF") ? "X-Forwarded-For" : "Forwarded", line);
    }
    ClientIpResolver r = header.equals("XFF") ? trusting : trusting.withHeader(FORWARDED);
    assertThat(r.resolve(request)).isEqualTo(expected);
  }

  @Test
  void peerResolverIgnoresForwardingHeaders() {
    ClientIpTestRequest request = ClientIpTestRequest.from("10.0.0.2")
        .xff("198.51.100.1").forwarded("for=198.51.100.2");
    assertThat(ClientIpResolver.peer().resolve(request)).isEqualTo("10.0.0.2");
    assertThat(ClientIpResolver.peer().withHeader(FORWARDED).resolve(request))
        .isEqualTo("10.0.0.2");
    assertThat(ClientIpResolver.trustedProxies().resolve(request)).isEqualTo("10.0.0.2");
  }

  @Test
  void peerIsReturnedInCanonicalForm() {
    String peer = "198.51.100.1";
    assertThat(ClientIpResolver.peer().resolve(ClientIpTestRequest.from(peer))).isSameAs(peer);
    assertThat(resolver.resolve(ClientIpTestRequest.from(peer))).isSameAs(peer);
    // what InetAddress.getHostAddress() gives adapters for IPv6 peers
    assertThat(ClientIpResolver.peer().resolve(ClientIpTestRequest.from("0:0:0:0:0:0:0:1")))
        .isEqualTo("::1");
    assertThat(resolver.resolve(ClientIpTestRequest.from("2001:DB8:0:0:0:0:0:7")))
        .isEqualTo("2001:db8::7");
  }

  @Test
  void spoofedHeadersFromAnUntrustedPeerAreIgnored() {
    ClientIpTestRequest request = ClientIpTestRequest.from("203.0.113.9")
        .xff("10.0.0.1", "1.2.3.4").forwarded("for=1.2.3.4");
    assertThat(resolver.resolve(request)).isEqualTo("203.0.113.9");
    assertThat(forwarded.resolve(request)).isEqualTo("203.0.113.9");
    assertThat(resolver.withHeader(FORWARDED_OR_X_FORWARDED_FOR).resolve(request))
        .isEqualTo("203.0.113.9");
  }

  @Test
  void oneTrustedProxyLayer() {
    assertThat(resolve("10.0.0.2", "203.0.113.7")).isEqualTo("203.0.113.7");
    // the client's own claim sits left of what our proxy appended
    assertThat(resolve("10.0.0.2", "6.6.6.6, 203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(resolve("10.0.0.2", "10.0.0.1, 203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void twoTrustedProxyLayers() {
    ClientIpResolver twoLayers = ClientIpResolver.trustedProxies("10.0.0.0/8", "192.168.0.0/16");
    ClientIpTestRequest request =
        ClientIpTestRequest.from("10.0.0.2").xff("6.6.6.6, 203.0.113.7, 192.168.1.1");
    assertThat(twoLayers.resolve(request)).isEqualTo("203.0.113.7");
    // trusting only the inner layer stops at the outer proxy
    assertThat(resolver.resolve(request)).isEqualTo("192.168.1.1");
  }

  @Test
  void firstUntrustedHopFromTheRightWins() {
    assertThat(resolve("10.0.0.2", "203.0.113.7, 198.51.100.1, 10.0.0.1"))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void ipv6PeersAndHops() {
    ClientIpResolver v6 = ClientIpResolver.trustedProxies("2001:db8:1::/48", "10.0.0.0/8");
    assertThat(v6.resolve(ClientIpTestRequest.from("2001:db8:1:0:0:0:0:5").xff("2001:DB8:2::7")))
        .isEqualTo("2001:db8:2::7");
    assertThat(v6.resolve(ClientIpTestRequest.from("2001:db8:1::5")
            .xff("198.51.100.1, 2001:db8:1::9, 10.0.0.3")))
        .isEqualTo("198.51.100.1");
    assertThat(v6.resolve(ClientIpTestRequest.from("10.0.0.2").xff("2001:0db8:0002:0:0:0:0:0007")))
        .isEqualTo("2001:db8:2::7");
    // IPv4-mapped addresses are IPv4, as peers and as hops
    assertThat(v6.resolve(ClientIpTestRequest.from("::ffff:10.0.0.2").xff("::ffff:198.51.100.1")))
        .isEqualTo("198.51.100.1");
    assertThat(v6.resolve(ClientIpTestRequest.from("2001:db8:2::5").xff("198.51.100.1")))
        .isEqualTo("2001:db8:2::5");
  }

  @Test
  void bracketsAndPorts() {
    assertThat(resolve("10.0.0.2", "[2001:db8::7]:4711")).isEqualTo("2001:db8::7");
    assertThat(resolve("10.0.0.2", "[2001:db8::7]")).isEqualTo("2001:db8::7");
    assertThat(resolve("10.0.0.2", "198.51.100.1:8080")).isEqualTo("198.51.100.1");
    assertThat(resolve("10.0.0.2", "198.51.100.1, 10.0.0.5:443")).isEqualTo("198.51.100.1");
    assertThat(resolve("10.0.0.2", "198.51.100.1:_obf, [::ffff:10.0.0.5]:443"))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void unknownOrObfuscatedHopStopsAtTheNearestTrustedAddress() {
    assertThat(resolve("10.0.0.2", "198.51.100.1, unknown, 10.0.0.3")).isEqualTo("10.0.0.3");
    assertThat(resolve("10.0.0.2", "198.51.100.1, UNKNOWN")).isEqualTo("10.0.0.2");
    assertThat(resolve("10.0.0.2", "198.51.100.1, _hidden, 10.0.0.3")).isEqualTo("10.0.0.3");
    assertThat(forwarded("10.0.0.2", "for=198.51.100.1, for=_hidden, for=10.0.0.3"))
        .isEqualTo("10.0.0.3");
    assertThat(forwarded("10.0.0.2", "for=198.51.100.1, for=\"_SEVKISEK\"")).isEqualTo("10.0.0.2");
    assertThat(forwarded("10.0.0.2", "for=198.51.100.1, for=unknown;proto=https"))
        .isEqualTo("10.0.0.2");
    // an untrusted hop right of the unknown one is still found
    assertThat(resolve("10.0.0.2", "unknown, 198.51.100.1, 10.0.0.3")).isEqualTo("198.51.100.1");
  }

  @Test
  void allTrustedChainReturnsTheLeftmostHop() {
    assertThat(resolve("10.0.0.2", "10.0.0.7, 10.0.0.3")).isEqualTo("10.0.0.7");
    assertThat(resolve("10.0.0.2", "10.0.0.7", "10.0.0.3")).isEqualTo("10.0.0.7");
    assertThat(resolver.resolve(ClientIpTestRequest.from("10.0.0.2"))).isEqualTo("10.0.0.2");
    assertThat(resolve("10.0.0.2", "")).isEqualTo("10.0.0.2");
  }

  @Test
  void garbageHopsStopTheWalk() {
    assertThat(resolve("10.0.0.2", "198.51.100.1, 999.1.1.1, 10.0.0.3")).isEqualTo("10.0.0.3");
    assertThat(resolve("10.0.0.2", "nonsense")).isEqualTo("10.0.0.2");
    assertThat(resolve("10.0.0.2", "198.51.100.1 198.51.100.2")).isEqualTo("10.0.0.2");
    assertThat(resolve("10.0.0.2", "'; DROP TABLE users; --")).isEqualTo("10.0.0.2");
    assertThat(resolve("10.0.0.2", "010.0.0.3")).isEqualTo("10.0.0.2"); // octal is not guessed
    assertThat(resolve("10.0.0.2", "fe80::1%eth0")).isEqualTo("10.0.0.2");
    assertThat(resolve("10.0.0.2", "example.com")).isEqualTo("10.0.0.2");
    assertThat(resolve("10.0.0.2", "\"198.51.100.1\"")).isEqualTo("10.0.0.2");
  }

  @Test
  void multipleHeaderLinesFormOneList() {
    assertThat(resolve("10.0.0.2", "198.51.100.1, 10.0.0.4", "10.0.0.3"))
        .isEqualTo("198.51.100.1");
    assertThat(resolve("10.0.0.2", "198.51.100.1", "203.0.113.5")).isEqualTo("203.0.113.5");
    assertThat(resolve("10.0.0.2", "198.51.100.1,,", "", " , 10.0.0.3"))
        .isEqualTo("198.51.100.1");
    assertThat(forwarded("10.0.0.2", "for=198.51.100.1", "for=10.0.0.3;proto=https"))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void forwardedWithSeveralElements() {
    String header = "for=198.51.100.1;proto=https, for=\"[2001:db8::9]:4711\";by=10.0.0.3,"
        + " for=10.0.0.3;host=\"example.com\"";
    assertThat(forwarded("10.0.0.2", header)).isEqualTo("2001:db8::9");
    ClientIpResolver both = ClientIpResolver.trustedProxies("10.0.0.0/8", "2001:db8::/32")
        .withHeader(FORWARDED);
    assertThat(both.resolve(ClientIpTestRequest.from("10.0.0.2").forwarded(header)))
        .isEqualTo("198.51.100.1");
    assertThat(forwarded("10.0.0.2", "for=192.0.2.43, for=198.51.100.17;by=10.0.0.1;proto=http"))
        .isEqualTo("198.51.100.17");
    assertThat(forwarded("10.0.0.2", "for=198.51.100.1;host=\"a,b\"")).isEqualTo("198.51.100.1");
    assertThat(forwarded("10.0.0.2", "host=\"a,b\";for=198.51.100.1")).isEqualTo("198.51.100.1");
    // an element without for= names no client: we cannot see past it
    assertThat(forwarded("10.0.0.2", "for=198.51.100.1, by=10.0.0.3;proto=https"))
        .isEqualTo("10.0.0.2");
    assertThat(forwarded("10.0.0.2", "for=198.51.100.1, for=\"10.0.0.3")).isEqualTo("10.0.0.2");
  }

  @Test
  void mixedCase() {
    assertThat(forwarded("10.0.0.2", "FOR=198.51.100.1")).isEqualTo("198.51.100.1");
    assertThat(forwarded("10.0.0.2", "For=\"[2001:DB8::A]\"")).isEqualTo("2001:db8::a");
    ClientIpTestRequest request =
        ClientIpTestRequest.from("10.0.0.2").header("x-forwarded-for", "198.51.100.1");
    assertThat(resolver.resolve(request)).isEqualTo("198.51.100.1");
  }

  @Test
  void headerChoice() {
    ClientIpTestRequest both =
        ClientIpTestRequest.from("10.0.0.2").xff("198.51.100.1").forwarded("for=198.51.100.2");
    ClientIpTestRequest xffOnly = ClientIpTestRequest.from("10.0.0.2").xff("198.51.100.1");
    ClientIpTestRequest forwardedOnly =
        ClientIpTestRequest.from("10.0.0.2").forwarded("for=198.51.100.2");
    ClientIpResolver either = resolver.withHeader(FORWARDED_OR_X_FORWARDED_FOR);

    assertThat(resolver.resolve(both)).isEqualTo("198.51.100.1");
    assertThat(resolver.resolve(forwardedOnly)).isEqualTo("10.0.0.2");
    assertThat(forwarded.resolve(both)).isEqualTo("198.51.100.2");
    assertThat(forwarded.resolve(xffOnly)).isEqualTo("10.0.0.2");
    assertThat(either.resolve(both)).isEqualTo("198.51.100.2");
    assertThat(either.resolve(xffOnly)).isEqualTo("198.51.100.1");
    assertThat(either.resolve(forwardedOnly)).isEqualTo("198.51.100.2");
    assertThat(resolver.withHeader(X_FORWARDED_FOR)).isSameAs(resolver);
  }

  /** 32 list elements are examined; a client 33 elements from the right is out of reach. */
  @Test
  void hopLimit() {
    assertThat(ForwardedChain.MAX_HOPS).isEqualTo(32);
    assertThat(resolve("10.0.0.2", chain(31))).isEqualTo("198.51.100.1");
    assertThat(resolve("10.0.0.2", chain(32))).isEqualTo("10.0.1.1");
    assertThat(resolve("10.0.0.2", chain(100))).isEqualTo("10.0.69.1");
    // empty elements count, so that a flood of commas costs no more than 32 addresses
    assertThat(resolve("10.0.0.2", "198.51.100.1" + ",".repeat(31))).isEqualTo("198.51.100.1");
    assertThat(resolve("10.0.0.2", "198.51.100.1" + ",".repeat(32))).isEqualTo("10.0.0.2");
  }

  @Test
  void elementLengthLimit() {
    assertThat(ForwardedElement.MAX_CHARS).isEqualTo(512);
    String fits = "198.51.100.1," + " ".repeat(512 - 8) + "10.0.0.3";
    assertThat(resolve("10.0.0.2", fits)).isEqualTo("198.51.100.1");
    String tooLong = "198.51.100.1," + " ".repeat(512 - 7) + "10.0.0.3";
    assertThat(resolve("10.0.0.2", tooLong)).isEqualTo("10.0.0.2");
  }

  /** Only the right end is read, so a huge client-written prefix changes nothing. */
  @Test
  void hugeHeaderFromTheClientIsNotRead() {
    assertThat(resolve("10.0.0.2", "x".repeat(1_000_000) + ", 198.51.100.1"))
        .isEqualTo("198.51.100.1");
    assertThat(forwarded("10.0.0.2", "\"".repeat(1_000_001) + ", for=198.51.100.1"))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void peerThatIsNotAnIpLiteralIsNeverTrusted() {
    ClientIpResolver everyone = ClientIpResolver.trustedProxies("0.0.0.0/0", "::/0");
    ClientIpTestRequest request = ClientIpTestRequest.from("local-socket").xff("198.51.100.1");
    assertThat(everyone.resolve(request)).isEqualTo("local-socket");
    assertThat(ClientIpResolver.peer().resolve(request)).isEqualTo("local-socket");
  }

  @Test
  void validatesArguments() {
    assertThatNullPointerException()
        .isThrownBy(() -> ClientIpResolver.trustedProxies((String[]) null))
        .withMessage("cidrs");
    assertThatNullPointerException()
        .isThrownBy(() -> ClientIpResolver.trustedProxies((List<String>) null))
        .withMessage("cidrs");
    assertThatNullPointerException()
        .isThrownBy(() -> ClientIpResolver.trustedProxies("10.0.0.0/8", null))
        .withMessage("cidrs[1]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClientIpResolver.trustedProxies("10.0.0.0/8", "10.0.0.0/40"))
        .withMessage("prefix length of '10.0.0.0/40' must be a number from 0 to 32");
    assertThatNullPointerException().isThrownBy(() -> resolver.withHeader(null))
        .withMessage("header");
    assertThatNullPointerException().isThrownBy(() -> resolver.resolve(null))
        .withMessage("request");
  }

  @Test
  void describesItself() {
    assertThat(ClientIpResolver.peer()).hasToString("ClientIpResolver[peer]");
    assertThat(ClientIpResolver.trustedProxies(List.of("10.0.0.0/8", "2001:DB8::/32"))
            .withHeader(FORWARDED))
        .hasToString("ClientIpResolver[trustedProxies=[10.0.0.0/8, 2001:db8::/32],"
            + " header=FORWARDED]");
  }

  private String resolve(String peer, String... xffLines) {
    return resolver.resolve(ClientIpTestRequest.from(peer).xff(xffLines));
  }

  private String forwarded(String peer, String... lines) {
    return forwarded.resolve(ClientIpTestRequest.from(peer).forwarded(lines));
  }

  /** The client 198.51.100.1, then {@code trusted} proxies 10.0.1.1, 10.0.2.1, ... */
  private static String chain(int trusted) {
    List<String> hops = new ArrayList<>();
    hops.add("198.51.100.1");
    for (int i = 1; i <= trusted; i++) {
      hops.add("10.0." + i + ".1");
    }
    return String.join(", ", hops);
  }
}
