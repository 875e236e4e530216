package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpLiteralTest {

  @Test
  void parsesIpv4AndIpv6WithoutALookup() throws Exception {
    InetAddress v4 = IpLiteral.parse("192.0.2.7");
    assertThat(v4).isInstanceOf(Inet4Address.class);
    assertThat(v4.getAddress()).containsExactly(192, 0, 2, 7);
    assertThat(v4.getHostName()).isEqualTo("192.0.2.7");

    InetAddress v6 = IpLiteral.parse("2001:DB8:0:0:0:0:0:1");
    assertThat(v6).isInstanceOf(Inet6Address.class);
    assertThat(v6).isEqualTo(InetAddress.getByAddress(new byte[] {
        0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
    assertThat(v6.getHostName()).isEqualTo("2001:db8::1");

    assertThat(IpLiteral.parse("::ffff:10.1.2.3")).isInstanceOf(Inet4Address.class)
        .isEqualTo(IpLiteral.parse("10.1.2.3"));
    assertThat(IpLiteral.parse("::1").isLoopbackAddress()).isTrue();
  }

  @Test
  void canonicalFormIsRfc5952() {
    assertThat(IpLiteral.canonical("2001:0DB8:0000:0000:0001:0000:0000:0001")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(IpLiteral.canonical("::FFFF:1.2.3.4")).isEqualTo("1.2.3.4");
    assertThat(IpLiteral.canonical("1.2.3.4")).isEqualTo("1.2.3.4");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "010.0.0.1", "256.0.0.1", "1.2.3.4 ",
    "[::1]", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "0x7f.0.0.1",
    "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.2555"
  })
  void refusesWhatIsNotALiteral(String text) {
    assertThat(IpLiteral.isAddress(text)).isFalse();
    assertThat(IpLiteral.isCidr(text)).isFalse();
    assertThatThrownBy(() -> IpLiteral.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an IPv4 or IPv6 address literal: '");
    assertThatThrownBy(() -> IpLiteral.canonical(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/8", "192.168.1.1", "0.0.0.0/0", "::1", "fd00::/8", "::/0",
      "2001:db8::/128", "10.1.2.3/8"})
  void blocksAreAddressesWithAnOptionalPrefix(String text) {
    assertThat(IpLiteral.isCidr(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1",
      "10.0.0.0/1000", "10.0.0.0/8/8", "/8", "host/8"})
  void badPrefixesAreNotBlocks(String text) {
    assertThat(IpLiteral.isCidr(text)).isFalse();
  }

  @Test
  void nullIsRefused() {
    assertThatThrownBy(() -> IpLiteral.parse(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> IpLiteral.isCidr(null)).isInstanceOf(NullPointerException.class);
  }
}
