package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {

  private static Violation.Code code(UrlPolicy policy, String url) {
    ValidationResult r = policy.check(url);
    return r.isValid() ? null : r.violations().get(0).code();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://example.com/", "http://example.com", "https://example.com:8443/a/b?c=d#e",
    "https://sub.example.co.uk/path%20with%20space", "https://8.8.8.8/", "https://[2001:4860:4860::8888]/",
    "https://xn--bcher-kva.example/", "HTTPS://EXAMPLE.COM/"
  })
  void publicUrlsPass(String url) {
    ValidationResult r = UrlPolicy.defaults().check(url);
    assertThat(r.isValid()).as("%s: %s", url, r).isTrue();
    assertThat(r.value("url")).contains(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    // 169.254.169.254 (cloud metadata) in every spelling
    "http://169.254.169.254/latest/meta-data/", "http://2852039166/", "http://0251.0376.0251.0376/",
    "http://0xa9fea9fe/", "http://0xA9.0xFE.0xA9.0xFE/", "http://169.254.43518/", "http://0251.254.169.254/",
    "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/", "http://[64:ff9b::169.254.169.254]/",
    "http://[2002:a9fe:a9fe::1]/",
    // loopback, unspecified, private, CGNAT, multicast
    "http://127.0.0.1/", "http://127.1/", "http://0x7f.1/", "http://2130706433/", "http://017700000001/",
    "http://127.0.0.1./", "http://0.0.0.0/", "http://0/", "http://10.1.2.3/", "http://172.16.0.1/",
    "http://172.31.255.255/", "http://192.168.1.1/", "http://100.64.0.1/", "http://100.100.100.200/",
    "http://224.0.0.1/", "http://255.255.255.255/",
    // IPv6 loopback, unspecified, ULA, link-local, site-local, multicast, AWS IMDS
    "http://[::1]/", "http://[::]/", "http://[fd00:ec2::254]/", "http://[fc00::1]/", "http://[fe80::1]/",
    "http://[fec0::1]/", "http://[ff02::1]/", "http://[0:0:0:0:0:0:0:1]/", "http://[::127.0.0.1]/",
    // internal names
    "http://localhost/", "http://LOCALHOST./", "http://api.localhost/", "http://metadata.google.internal/",
    "http://printer.local/", "http://azure.168.63.129.16.example/x", "http://168.63.129.16/",
  })
  void internalAddressesAreRejectedInEverySpelling(String url) {
    if (url.contains(".example/")) {
      assertThat(code(UrlPolicy.defaults(), url)).isNull(); // a name that merely contains digits
      return;
    }
    assertThat(code(UrlPolicy.defaults(), url)).as(url).isEqualTo(Violation.Code.URL_INTERNAL_ADDRESS);
  }

  @Test
  void schemesAreAllowListed() {
    assertThat(code(UrlPolicy.defaults(), "ftp://example.com/")).isEqualTo(Violation.Code.URL_SCHEME_NOT_ALLOWED);
    assertThat(code(UrlPolicy.defaults(), "javascript:alert(1)")).isEqualTo(Violation.Code.URL_SCHEME_NOT_ALLOWED);
    assertThat(code(UrlPolicy.defaults(), "file:///etc/passwd")).isEqualTo(Violation.Code.URL_SCHEME_NOT_ALLOWED);
    assertThat(code(UrlPolicy.defaults(), "gopher://127.0.0.1:6379/_")).isEqualTo(Violation.Code.URL_SCHEME_NOT_ALLOWED);
    UrlPolicy httpsOnly = UrlPolicy.builder().allowSchemes("HTTPS").build();
    assertThat(code(httpsOnly, "http://example.com/")).isEqualTo(Violation.Code.URL_SCHEME_NOT_ALLOWED);
    assertThat(code(httpsOnly, "https://example.com/")).isNull();
  }

  @Test
  void userInfoIsRejected() {
    ValidationResult r = UrlPolicy.defaults().check("https://user:pass@example.com/");
    assertThat(r.violations()).containsExactly(new Violation(Violation.Code.URL_USERINFO, "url",
        "user information is not allowed", 8));
    assertThat(code(UrlPolicy.defaults(), "https://example.com@127.0.0.1/")).isEqualTo(Violation.Code.URL_USERINFO);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://exa mple.com/", "https://example.com\\@evil.com/", "https://example.com/\t", "https://exämple.com/",
    "https://example.com:0/", "https://example.com:65536/", "https://example.com:/", "https://example.com:80a/",
    "https://%6c%6f%63%61%6c%68%6f%73%74/", "https://example.com/%zz", "example.com", "https:example.com",
    "//example.com/", "https://[::1/", "https://[1::2::3]/", "https://[fe80::1%25eth0]/", "https://1.2.3.4.5/",
    "https://256.1.1.1/", "https://0x100000000/", "https://-bad-.example.com/", "https://a..b/", ""
  })
  void malformedUrlsAreRejected(String url) {
    assertThat(code(UrlPolicy.defaults(), url)).as(url).isIn(Violation.Code.URL_MALFORMED,
        Violation.Code.URL_HOST_MISSING);
  }

  @Test
  void hostIsRequired() {
    assertThat(code(UrlPolicy.defaults(), "https:///path")).isEqualTo(Violation.Code.URL_HOST_MISSING);
    assertThat(code(UrlPolicy.defaults(), "https://:443/")).isEqualTo(Violation.Code.URL_HOST_MISSING);
  }

  @Test
  void hostAllowList() {
    UrlPolicy p = UrlPolicy.builder().allowHosts("api.example.com", "*.cdn.example.net").build();
    assertThat(code(p, "https://api.example.com/x")).isNull();
    assertThat(code(p, "https://API.EXAMPLE.COM./x")).isNull();
    assertThat(code(p, "https://img.cdn.example.net/x")).isNull();
    assertThat(code(p, "https://cdn.example.net/x")).isEqualTo(Violation.Code.URL_HOST_NOT_ALLOWED);
    assertThat(code(p, "https://evil.com/x")).isEqualTo(Violation.Code.URL_HOST_NOT_ALLOWED);
    assertThat(code(p, "https://api.example.com.evil.com/")).isEqualTo(Violation.Code.URL_HOST_NOT_ALLOWED);
  }

  @Test
  void resolvingCheckRejectsWhenAnyAnswerIsInternal() throws UnknownHostException {
    InetAddress publicV4 = InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34});
    InetAddress metadata = InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254});
    InetAddress ula = InetAddress.getByAddress(new byte[] {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0x54});
    Map<String, List<InetAddress>> dns = Map.of(
        "good.example", List.of(publicV4),
        "rebind.example", List.of(publicV4, metadata),
        "v6.example", List.of(ula));
    List<String> asked = new ArrayList<>();
    UrlPolicy p = UrlPolicy.builder().resolveWith(host -> {
      asked.add(host);
      List<InetAddress> answer = dns.get(host);
      if (answer == null) {
        throw new UnknownHostException(host);
      }
      return answer;
    }).build();
    assertThat(code(p, "https://good.example/")).isNull();
    ValidationResult rebind = p.check("hook", "https://REBIND.example/");
    assertThat(rebind.violations()).containsExactly(new Violation(Violation.Code.URL_INTERNAL_ADDRESS, "hook",
        "rebind.example resolves to internal address 169.254.169.254", -1));
    assertThat(code(p, "https://v6.example/")).isEqualTo(Violation.Code.URL_INTERNAL_ADDRESS);
    assertThat(code(p, "https://nowhere.example/")).isEqualTo(Violation.Code.URL_UNRESOLVABLE);
    assertThat(code(p, "https://8.8.8.8/")).isNull(); // literals are not resolved
    assertThat(asked).containsExactly("good.example", "rebind.example", "v6.example", "nowhere.example");
  }

  @Test
  void internalAddressesCanBeAllowedExplicitly() {
    UrlPolicy p = UrlPolicy.builder().allowInternalAddresses(true).build();
    assertThat(code(p, "http://10.0.0.1/")).isNull();
    assertThat(code(p, "http://localhost:8080/")).isNull();
  }

  @Test
  void builderValidatesEagerly() {
    assertThatIllegalArgumentException().isThrownBy(() -> UrlPolicy.builder().allowSchemes())
        .withMessage("allowed must name at least one scheme");
    assertThatIllegalArgumentException().isThrownBy(() -> UrlPolicy.builder().allowSchemes("ht tp"))
        .withMessage("not a valid scheme: ht tp");
    assertThatIllegalArgumentException().isThrownBy(() -> UrlPolicy.builder().allowHosts("a.*.com"))
        .withMessage("not a valid host or pattern: a.*.com");
    assertThatIllegalStateException().isThrownBy(() -> UrlPolicy.builder().allowSchemes("https").allowSchemes("http"))
        .withMessage("schemes were already set to [https]");
    assertThatNullPointerException().isThrownBy(() -> UrlPolicy.builder().resolveWith(null))
        .withMessage("hostResolver");
    assertThatNullPointerException().isThrownBy(() -> UrlPolicy.defaults().check(null)).withMessage("url");
  }
}
