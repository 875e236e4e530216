package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.internal.IpLiterals;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.http.ClientIpResolver.ForwardingHeader;
import java.util.List;

/**
 * Fuzzes {@link ClientIpResolver#resolve} with arbitrary peers and forwarding header lines, built
 * from fragments that steer the fuzzer into the parsers' interesting states. Whatever the input,
 * it never throws; an untrusted peer always wins (headers ignored); a peer that is not an IP
 * literal comes back unchanged; and any other result is a valid literal in canonical form.
 */
class ClientIpResolverFuzzTest {

  private static final List<String> TRUSTED = List.of("10.0.0.0/8", "2001:db8::/32", "::1");
  private static final ClientIpResolver RESOLVER = ClientIpResolver.trustedProxies(TRUSTED);
  private static final CidrSet TRUSTED_SET = CidrSet.parse(TRUSTED);

  private static final List<String> PEERS = List.of(
      "10.0.0.2", "198.51.100.7", "2001:db8::2", "0:0:0:0:0:0:0:1", "::ffff:10.0.0.3",
      "2001:DB8:0:0:0:0:0:9", "not-an-ip", "");

  private static final List<String> PIECES = List.of(
      "10.0.0.1", "10.0.0.2:80", "198.51.100.1", "203.0.113.7:_obf", "[2001:db8::1]",
      "[2001:db8::1]:443", "2001:db8::5", "2001:DB8:0:0::7", "::ffff:10.0.0.9",
      "::ffff:198.51.100.2",
      "fe80::1%eth0", "unknown", "_hidden", "for=", "For=", "FOR=\"", "\"", "\\", "\\\"", ",", ";",
      ", ", " ", "\t", "proto=https", "by=", "host=\"a,b\"", ":", "[", "]", "::", ".", "255", "0",
      "01", "%", "=", "x");

  @FuzzTest(maxDuration = "30s")
  void resolvesEveryHeaderSafely(FuzzedDataProvider data) {
    ClientIpResolver resolver = RESOLVER.withHeader(data.pickValue(ForwardingHeader.values()));
    String peer = data.consumeBoolean() ? data.pickValue(PEERS) : data.consumeString(48);
    ClientIpTestRequest request = ClientIpTestRequest.from(peer);
    int lines = data.consumeInt(0, 4);
    for (int i = 0; i < lines; i++) {
      request.header(data.consumeBoolean() ? "X-Forwarded-For" : "Forwarded", line(data));
    }

    String result = resolver.resolve(request);

    Boolean peerTrusted = IpLiterals.parse(peer, 0, peer.length(), TRUSTED_SET);
    if (peerTrusted == null) {
      assertThat(result).isSameAs(peer);
      return;
    }
    if (!peerTrusted) {
      assertThat(result).isEqualTo(IpLiterals.canonical(peer, 0, peer.length()));
      return;
    }
    assertThat(IpLiterals.parse(result, 0, result.length(), IpLiterals::format))
        .as("resolved %s from %s", result, peer)
        .isEqualTo(result);
  }

  private static String line(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      return data.consumeString(200);
    }
    StringBuilder sb = new StringBuilder();
    int parts = data.consumeInt(1, 16);
    for (int i = 0; i < parts; i++) {
      sb.append(data.consumeBoolean() ? data.pickValue(PIECES) : data.consumeString(6));
    }
    return sb.toString();
  }
}
