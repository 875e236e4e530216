package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.bulwark.core.internal.IpLiterals;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrSetTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.0.0.0, true",
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "10.0.0.0/8, 9.255.255.255, false",
    "10.0.0.0/8, ::ffff:10.1.2.3, true",
    "10.0.0.0/8, ::a01:203, false", // IPv4-compatible is not IPv4
    "192.0.2.10, 192.0.2.10, true",
    "192.0.2.10, 192.0.2.11, false",
    "192.0.2.10/32, 192.0.2.10, true",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
    "0.0.0.0/0, 203.0.113.7, true",
    "0.0.0.0/0, 2001:db8::1, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "2001:db8::/32, 10.0.0.1, false",
    "::1, ::1, true",
    "::1, ::2, false",
    "::1/128, 0:0:0:0:0:0:0:1, true",
    "2001:db8:0:0:8000::/65, 2001:db8::8000:0:0:1, true", // mask boundary inside lo
    "2001:db8:0:0:8000::/65, 2001:db8::1, false",
    "2001:db8::/63, 2001:db8:0:1::1, true", // mask boundary inside hi
    "2001:db8::/63, 2001:db8:0:2::1, false",
    "2001:db8::/64, 2001:db8::ffff:ffff:ffff:ffff, true",
    "2001:db8::/64, 2001:db8:0:1::, false",
    "::/0, 203.0.113.7, true", // IPv4 is matched in its IPv4-mapped form
    "::/0, 2001:db8::1, true",
    "::ffff:0:0/96, 203.0.113.7, true",
    "::ffff:10.0.0.0/104, 10.9.9.9, true",
  })
  void matchesAddressesInTheBlock(String cidr, String address, boolean expected) {
    CidrSet set = CidrSet.parse(List.of(cidr));
    assertThat(IpLiterals.parse(address, 0, address.length(), set)).isEqualTo(expected);
  }

  @Test
  void matchesAnyBlockOfTheList() {
    CidrSet set = CidrSet.parse(List.of("10.0.0.0/8", "192.168.0.0/16", "fd00::/8"));
    assertThat(contains(set, "192.168.7.7")).isTrue();
    assertThat(contains(set, "fdab::1")).isTrue();
    assertThat(contains(set, "10.1.1.1")).isTrue();
    assertThat(contains(set, "172.16.0.1")).isFalse();
    assertThat(CidrSet.EMPTY.isEmpty()).isTrue();
    assertThat(contains(CidrSet.EMPTY, "10.1.1.1")).isFalse();
    assertThat(CidrSet.parse(List.of()).isEmpty()).isTrue();
  }

  @Test
  void printsBlocksInCanonicalForm() {
    CidrSet set = CidrSet.parse(List.of(
        "10.0.0.0/8", "2001:DB8:0::/32", "192.0.2.1", "::ffff:10.0.0.0/104", "::1", "::/0"));
    assertThat(set).hasToString(
        "[10.0.0.0/8, 2001:db8::/32, 192.0.2.1/32, 10.0.0.0/8, ::1/128, ::/0]");
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(delimiter = '|', value = {
    "10.0.0.0/33    | prefix length of '10.0.0.0/33' must be a number from 0 to 32",
    "::/129         | prefix length of '::/129' must be a number from 0 to 128",
    "10.0.0.0/      | prefix length of '10.0.0.0/' must be a number from 0 to 32",
    "10.0.0.0/08    | prefix length of '10.0.0.0/08' must be a number from 0 to 32",
    "10.0.0.0/-1    | prefix length of '10.0.0.0/-1' must be a number from 0 to 32",
    "10.0.0.0/8/8   | prefix length of '10.0.0.0/8/8' must be a number from 0 to 32",
    "10.0.0.0/1000  | prefix length of '10.0.0.0/1000' must be a number from 0 to 32",
    "example.com    | not an IPv4 or IPv6 address or CIDR block: 'example.com'",
    "10.0.0/8       | not an IPv4 or IPv6 address or CIDR block: '10.0.0/8'",
    "[::1]/128      | not an IPv4 or IPv6 address or CIDR block: '[::1]/128'",
    "'/8'           | not an IPv4 or IPv6 address or CIDR block: '/8'",
    "10.1.2.3/8     | CIDR block '10.1.2.3/8' has host bits set: write its network '10.0.0.0/8',"
        + " or the address alone to trust one host",
    "2001:db8::1/32 | CIDR block '2001:db8::1/32' has host bits set: write its network"
        + " '2001:db8::/32', or the address alone to trust one host",
    "::ffff:0:0/80  | CIDR block '::ffff:0:0/80' has host bits set: write its network '::/80',"
        + " or the address alone to trust one host",
  })
  void rejectsBadBlocksNamingThem(String cidr, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CidrSet.parse(List.of(cidr)))
        .withMessage(message);
  }

  @Test
  void rejectsBlankAndPaddedText() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CidrSet.parse(List.of("")))
        .withMessage("not an IPv4 or IPv6 address or CIDR block: ''");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CidrSet.parse(List.of(" 10.0.0.0/8")))
        .withMessage("not an IPv4 or IPv6 address or CIDR block: ' 10.0.0.0/8'");
  }

  @Test
  void rejectsNullElementsByIndex() {
    assertThatNullPointerException()
        .isThrownBy(() -> CidrSet.parse(Arrays.asList("10.0.0.0/8", null)))
        .withMessage("cidrs[1]");
  }

  private static boolean contains(CidrSet set, String address) {
    return Boolean.TRUE.equals(IpLiterals.parse(address, 0, address.length(), set));
  }
}
