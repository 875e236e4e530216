package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link UrlPolicy#resolve(String, String)}: the host is resolved once through a fake
 * {@link HostResolver}, every answer is checked, and the checked answers are the ones handed back.
 */
class UrlPolicyResolveAndPinTest {

  private static final InetAddress PUBLIC_V4 = address(93, 184, 216, 34);
  private static final InetAddress PUBLIC_V6 = address(0x26, 0x06, 0x47, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x11, 0x11);
  private static final InetAddress PRIVATE_V4 = address(10, 0, 0, 1);

  /** A fake DNS: answers from a table (mutable, to model rebinding), logs every question. */
  private final Map<String, List<InetAddress>> dns = new HashMap<>();
  private final List<String> asked = new ArrayList<>();
  private final HostResolver fake = host -> {
    asked.add(host);
    List<InetAddress> answer = dns.get(host);
    if (answer == null) {
      throw new UnknownHostException(host);
    }
    return answer;
  };

  private static InetAddress address(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private UrlPolicy policy() {
    return UrlPolicy.builder().resolveWith(fake).build();
  }

  private static Violation violation(Violation.Code code, String message) {
    return new Violation(code, "hook", message, -1);
  }

  @Test
  void publicNameIsPinnedToEveryAnswer() {
    dns.put("hooks.example.com", List.of(PUBLIC_V4, PUBLIC_V6));
    PinnedUrl pinned = policy().resolve("hook", "HTTPS://Hooks.Example.COM.:8443/a?b#c");
    assertThat(pinned.isValid()).isTrue();
    assertThat(pinned.result().violations()).isEmpty();
    assertThat(pinned.result().value("hook")).contains("HTTPS://Hooks.Example.COM.:8443/a?b#c");
    assertThat(pinned.scheme()).isEqualTo("https");
    assertThat(pinned.host()).isEqualTo("hooks.example.com");
    assertThat(pinned.port()).isEqualTo(8443);
    assertThat(pinned.addresses()).containsExactly(PUBLIC_V4, PUBLIC_V6);
    assertThat(asked).containsExactly("hooks.example.com");
    assertThat(pinned).hasToString("PinnedUrl[https://hooks.example.com:8443 -> "
        + List.of(PUBLIC_V4, PUBLIC_V6) + "]");
  }

  @Test
  void oneInternalAnswerAmongPublicOnesRefusesTheName() {
    dns.put("mixed.example", List.of(PUBLIC_V4, PRIVATE_V4));
    PinnedUrl pinned = policy().resolve("hook", "https://mixed.example/");
    assertThat(pinned.isValid()).isFalse();
    assertThat(pinned.result().violations()).containsExactly(violation(Violation.Code.URL_INTERNAL_ADDRESS,
        "mixed.example resolves to internal address 10.0.0.1"));
    assertThat(pinned.result().values()).isEmpty();
    assertThat(pinned.addresses()).isEmpty();
    assertThat(pinned.host()).isEqualTo("mixed.example");
    assertThat(pinned).hasToString("PinnedUrl" + pinned.result().violations());
  }

  @Test
  void aaaaAnswerCarryingAnInternalIpv4IsRefused() {
    dns.put("translated.example", List.of(address(0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 127, 0, 0, 1)));
    dns.put("nat64.example", List.of(address(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 169, 254, 169, 254)));
    dns.put("nat64-public.example", List.of(address(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 8, 8)));
    UrlPolicy p = policy();
    assertThat(p.resolve("hook", "https://translated.example/").result().violations()).containsExactly(
        violation(Violation.Code.URL_INTERNAL_ADDRESS, "translated.example resolves to internal address 0:0:0:0:ffff:0:7f00:1"));
    assertThat(p.resolve("hook", "https://nat64.example/").result().violations()).containsExactly(
        violation(Violation.Code.URL_INTERNAL_ADDRESS, "nat64.example resolves to internal address 64:ff9b:0:0:0:0:a9fe:a9fe"));
    assertThat(p.resolve("hook", "https://nat64-public.example/").addresses())
        .containsExactly(address(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 8, 8));
  }

  @Test
  void nameWithoutAnswersIsUnresolvable() {
    dns.put("empty.example", List.of());
    PinnedUrl pinned = policy().resolve("hook", "https://empty.example/");
    assertThat(pinned.result().violations()).containsExactly(violation(Violation.Code.URL_UNRESOLVABLE,
        "host has no addresses: empty.example"));
    assertThat(pinned.addresses()).isEmpty();
  }

  @Test
  void resolverThrowingUnknownHostIsUnresolvable() {
    PinnedUrl pinned = policy().resolve("hook", "https://nowhere.example/");
    assertThat(pinned.result().violations()).containsExactly(violation(Violation.Code.URL_UNRESOLVABLE,
        "host does not resolve: nowhere.example"));
    assertThat(pinned.addresses()).isEmpty();
    assertThat(asked).containsExactly("nowhere.example");
  }

  @Test
  void resolverThrowingAnythingElseFailsClosed() {
    UrlPolicy p = UrlPolicy.builder().resolveWith(host -> {
      throw new IllegalStateException("DNS-over-HTTPS server down");
    }).build();
    Violation expected = violation(Violation.Code.URL_UNRESOLVABLE,
        "host does not resolve: down.example (IllegalStateException)");
    assertThat(p.resolve("hook", "https://down.example/").result().violations()).containsExactly(expected);
    assertThat(p.check("hook", "https://down.example/").violations()).containsExactly(expected);
  }

  @Test
  void resolverAnsweringNullIsUnresolvable() {
    dns.put("null.example", Arrays.asList(PUBLIC_V4, null));
    assertThat(policy().resolve("hook", "https://null.example/").result().violations()).containsExactly(
        violation(Violation.Code.URL_UNRESOLVABLE, "resolver answered null for null.example"));
  }

  @Test
  void rebindingAfterTheCheckDoesNotChangeThePinnedAddresses() {
    dns.put("rebind.example", List.of(PUBLIC_V4));
    UrlPolicy p = policy();
    PinnedUrl pinned = p.resolve("hook", "https://rebind.example/");
    dns.put("rebind.example", List.of(address(169, 254, 169, 254))); // the attacker's DNS flips
    assertThat(pinned.addresses()).containsExactly(PUBLIC_V4);
    assertThat(asked).containsExactly("rebind.example");
    assertThat(p.resolve("hook", "https://rebind.example/").result().violations()).containsExactly(
        violation(Violation.Code.URL_INTERNAL_ADDRESS, "rebind.example resolves to internal address 169.254.169.254"));
  }

  @Test
  void pinnedAddressesCannotBeChanged() {
    List<InetAddress> answers = new ArrayList<>(List.of(PUBLIC_V4));
    dns.put("list.example", answers);
    PinnedUrl pinned = policy().resolve("hook", "https://list.example/");
    answers.set(0, PRIVATE_V4);
    assertThat(pinned.addresses()).containsExactly(PUBLIC_V4);
    assertThat(pinned.addresses()).isUnmodifiable();
  }

  @Test
  void ipLiteralsArePinnedWithoutResolving() {
    UrlPolicy p = policy();
    PinnedUrl v4 = p.resolve("hook", "http://134744072/");
    assertThat(v4.addresses()).containsExactly(address(8, 8, 8, 8));
    assertThat(v4.host()).isEqualTo("134744072");
    assertThat(v4.port()).isEqualTo(-1);
    PinnedUrl mapped = p.resolve("hook", "https://[::FFFF:8.8.8.8]:8443/");
    assertThat(mapped.addresses()).containsExactly(address(8, 8, 8, 8));
    assertThat(mapped.addresses().get(0)).isInstanceOf(Inet4Address.class);
    assertThat(mapped.host()).isEqualTo("[::ffff:8.8.8.8]");
    assertThat(mapped.port()).isEqualTo(8443);
    assertThat(p.resolve("hook", "https://[2606:4700::1111]/").addresses()).containsExactly(PUBLIC_V6);
    assertThat(p.resolve("hook", "http://[::ffff:0:127.0.0.1]/").result().violations()).containsExactly(
        violation(Violation.Code.URL_INTERNAL_ADDRESS, "[::ffff:0:127.0.0.1] is an internal address"));
    assertThat(asked).isEmpty();
  }

  @Test
  void refusedBeforeResolvingIsNeverAsked() {
    UrlPolicy p = UrlPolicy.builder().allowSchemes("https").allowHosts("*.example.com").resolveWith(fake).build();
    PinnedUrl scheme = p.resolve("hook", "http://a.example.com/");
    assertThat(scheme.result().violations()).containsExactly(new Violation(Violation.Code.URL_SCHEME_NOT_ALLOWED,
        "hook", "scheme not allowed: http", 0));
    assertThat(scheme.scheme()).isEqualTo("http");
    assertThat(scheme.addresses()).isEmpty();
    assertThat(p.resolve("hook", "https://evil.test/").result().violations()).containsExactly(
        violation(Violation.Code.URL_HOST_NOT_ALLOWED, "host not allowed: evil.test"));
    assertThat(p.resolve("hook", "https://localhost.example.com/x y").result().violations())
        .extracting(Violation::code).containsExactly(Violation.Code.URL_MALFORMED);
    assertThat(policy().resolve("hook", "http://metadata.google.internal/").result().violations())
        .containsExactly(violation(Violation.Code.URL_INTERNAL_ADDRESS,
            "metadata.google.internal is an internal host name"));
    assertThat(asked).isEmpty();
  }

  @Test
  void allowingInternalAddressesPinsInternalAnswers() {
    dns.put("intranet.corp", List.of(PRIVATE_V4));
    dns.put("localhost", List.of(address(127, 0, 0, 1)));
    UrlPolicy p = UrlPolicy.builder().allowInternalAddresses(true).resolveWith(fake).build();
    assertThat(p.resolve("hook", "http://intranet.corp/").addresses()).containsExactly(PRIVATE_V4);
    assertThat(p.resolve("hook", "http://localhost:8080/").addresses()).containsExactly(address(127, 0, 0, 1));
    assertThat(p.resolve("hook", "http://10.1.2.3/").addresses()).containsExactly(address(10, 1, 2, 3));
    assertThat(p.resolve("hook", "http://gone.corp/").result().violations()).containsExactly(
        violation(Violation.Code.URL_UNRESOLVABLE, "host does not resolve: gone.corp"));
    assertThat(asked).containsExactly("intranet.corp", "localhost", "gone.corp");
  }

  @Test
  void resolveWithoutResolverIsAProgrammingError() {
    assertThatIllegalStateException().isThrownBy(() -> UrlPolicy.defaults().resolve("https://8.8.8.8/"))
        .withMessage("resolve needs a HostResolver: set one with UrlPolicy.Builder.resolveWith");
    assertThatNullPointerException().isThrownBy(() -> policy().resolve(null)).withMessage("url");
    assertThatNullPointerException().isThrownBy(() -> policy().resolve(null, "https://a.example/"))
        .withMessage("field");
  }

  @Test
  void defaultFieldNameIsUrl() {
    dns.put("a.example", List.of(PUBLIC_V4));
    assertThat(policy().resolve("https://a.example/").result().value("url")).contains("https://a.example/");
  }
}
