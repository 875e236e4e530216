package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Locale;

/**
 * Fuzzes the URL parser and the SSRF check. Arbitrary strings never make it throw, and an accepted
 * URL is plain ASCII with an allowed scheme and no user information. A second property is
 * differential: the fuzzer picks an IPv4 address and spells it the way clients accept
 * (decimal, octal, hex, one to four parts, optional trailing dot) or embeds it in an IPv6 literal
 * (mapped, translated, compatible, NAT64, 6to4, Teredo client, ISATAP; dotted or hex tail; any
 * case); the policy must reject it exactly when an independent CIDR table says the IPv4 address is
 * internal.
 */
class UrlPolicyFuzzTest {

  /** Independent reference: internal IPv4 ranges as (network, prefix length). */
  private static final long[][] INTERNAL = {
    {0x00000000L, 8}, {0x0A000000L, 8}, {0x64400000L, 10}, {0x7F000000L, 8}, {0xA9FE0000L, 16},
    {0xAC100000L, 12}, {0xC0000000L, 24}, {0xC0000200L, 24}, {0xC0586300L, 24}, {0xC0A80000L, 16},
    {0xC6120000L, 15}, {0xC6336400L, 24}, {0xCB007100L, 24}, {0xE0000000L, 4}, {0xF0000000L, 4},
    {0xA83F8110L, 32}
  };

  private static final List<String> PIECES = List.of(
      "http://", "https://", "ftp://", "//", "@", ":", "[", "]", "::ffff:", "127.0.0.1", "0x", "0",
      ".", "/", "?", "#", "%", "%2e", "localhost", "example.com", "\\", " ", "xn--", "-", "169.254");

  @FuzzTest(maxDuration = "30s")
  void parsesEverySpellingConsistently(FuzzedDataProvider data) {
    UrlPolicy policy = UrlPolicy.defaults();
    if (data.consumeBoolean()) {
      long address = data.consumeInt() & 0xFFFFFFFFL;
      String host = data.consumeBoolean() ? spell(address, data) : "[" + embed(address, data) + "]";
      ValidationResult r = policy.check("http://" + host + "/x");
      boolean internal = internal(address);
      assertThat(r.isValid()).as("%s (%08x)", host, address).isEqualTo(!internal);
      if (internal) {
        assertThat(r.violations().get(0).code()).isEqualTo(Violation.Code.URL_INTERNAL_ADDRESS);
      }
      return;
    }
    String url;
    if (data.consumeBoolean()) {
      url = data.consumeRemainingAsString();
    } else {
      StringBuilder sb = new StringBuilder();
      int parts = data.consumeInt(1, 12);
      for (int i = 0; i < parts; i++) {
        sb.append(data.consumeBoolean() ? data.pickValue(PIECES) : data.consumeString(6));
      }
      url = sb.toString();
    }
    ValidationResult r = policy.check(url);
    if (r.isValid()) {
      assertThat(url.chars().allMatch(c -> c > 0x20 && c < 0x7F)).isTrue();
      String lower = url.toLowerCase(Locale.ROOT);
      assertThat(lower.startsWith("http://") || lower.startsWith("https://")).isTrue();
      String authority = lower.substring(lower.indexOf("//") + 2).split("[/?#]", 2)[0];
      assertThat(authority).doesNotContain("@").isNotEmpty();
      if (!authority.startsWith("[")) {
        String host = authority.split(":", 2)[0];
        assertThat(host).isNotEqualTo("localhost").doesNotEndWith(".localhost");
      }
    } else {
      assertThat(r.violations()).hasSize(1);
    }
  }

  private static boolean internal(long address) {
    for (long[] range : INTERNAL) {
      long mask = range[1] == 0 ? 0 : (0xFFFFFFFFL << (32 - range[1])) & 0xFFFFFFFFL;
      if ((address & mask) == range[0]) {
        return true;
      }
    }
    return false;
  }

  /** Embeds an IPv4 address in an IPv6 literal whose public prefix carries it to IPv4. */
  private static String embed(long address, FuzzedDataProvider data) {
    String hex = Long.toHexString(address >>> 16) + ":" + Long.toHexString(address & 0xFFFF);
    String tail = data.consumeBoolean() ? hex
        : (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    long client = ~address & 0xFFFFFFFFL;
    String literal = switch (data.consumeInt(0, 7)) {
      case 0 -> "::ffff:" + tail;
      case 1 -> "::ffff:0:" + tail;
      case 2 -> "::" + tail;
      case 3 -> "64:ff9b::" + tail;
      case 4 -> "64:ff9b:1::" + tail;
      case 5 -> "2606:4700::5efe:" + tail;
      case 6 -> "2002:" + hex + "::1";
      default -> "2001:0:808:808::" + Long.toHexString(client >>> 16) + ":" + Long.toHexString(client & 0xFFFF);
    };
    return data.consumeBoolean() ? literal.toUpperCase(Locale.ROOT) : literal;
  }

  /** Spells an IPv4 address with one to four parts, each in decimal, octal or hex. */
  private static String spell(long address, FuzzedDataProvider data) {
    int parts = data.consumeInt(1, 4);
    long[] values = new long[parts];
    for (int i = 0; i < parts - 1; i++) {
      values[i] = (address >>> (8 * (3 - i))) & 0xFF;
    }
    int lastBytes = 4 - (parts - 1);
    values[parts - 1] = lastBytes == 4 ? address : address & ((1L << (8 * lastBytes)) - 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      if (i > 0) {
        sb.append('.');
      }
      switch (data.consumeInt(0, 2)) {
        case 0 -> sb.append(values[i]);
        case 1 -> sb.append('0').append(Long.toOctalString(values[i]));
        default -> sb.append(data.consumeBoolean() ? "0x" : "0X").append(Long.toHexString(values[i]));
      }
    }
    if (data.consumeBoolean()) {
      sb.append('.');
    }
    return sb.toString();
  }
}
