package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzzes the CSP builder with random sequences of calls and hostile sources. In the normal build
 * this runs the seed inputs in {@code src/test/resources/dev/bulwark/headers/CspBuilderFuzzTestInputs};
 * {@code -Pfuzz} fuzzes it.
 *
 * <p>Properties: the builder only ever throws IllegalArgumentException or IllegalStateException,
 * and a failed call changes nothing; a built policy renders a single valid header value (visible
 * ASCII, no comma, so never two policies) whose directives are exactly the configured ones, each
 * once, with exactly the accepted sources; the per-request nonce appears once per nonce directive;
 * and {@code toBuilder().build()} renders the same value.
 */
class CspBuilderFuzzTest {

  private static final List<String> SOURCES =
      List.of(
          "'self'", "self", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'",
          "'unsafe-hashes'", "'report-sample'", "'wasm-unsafe-eval'", "'nonce-abc'", "https:",
          "data:", "*", "*.example.com", "https://cdn.example.com:443/js/", "http://127.0.0.1:*",
          "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='", "'self'; script-src *",
          "https://a.com,https://b.com", "x\r\ny", "'", "''", "https://", "example.com/%zz");

  private static final CspDirective[] DIRECTIVES = CspDirective.values();

  @FuzzTest(maxDuration = "35s")
  void builtPoliciesAreWellFormed(FuzzedDataProvider data) {
    ContentSecurityPolicyBuilder builder = ContentSecurityPolicy.builder();
    Map<CspDirective, List<String>> accepted = new EnumMap<>(CspDirective.class);
    Set<CspDirective> nonces = new HashSet<>();
    int calls = data.consumeInt(1, 10);
    for (int c = 0; c < calls; c++) {
      CspDirective directive = data.pickValue(DIRECTIVES);
      try {
        switch (data.consumeInt(0, 7)) {
          case 0 -> {
            String[] sources = sources(data);
            builder.directive(directive, sources);
            List<String> canonical = new ArrayList<>();
            for (String s : sources) {
              canonical.add(CspSources.normalize(directive, s));
            }
            accepted.put(directive, canonical);
          }
          case 1 -> {
            builder.nonce(directive);
            nonces.add(directive);
          }
          case 2 -> builder.hash(directive, data.consumeString(40));
          case 3 -> builder.sandbox(data.consumeBoolean() ? "allow-scripts" : data.consumeString(12));
          case 4 -> builder.reportUri(data.consumeBoolean() ? "/csp" : data.consumeString(20));
          case 5 -> builder.reportTo(data.consumeString(12));
          case 6 -> builder.reportOnly(data.consumeBoolean());
          default -> builder.upgradeInsecureRequests(data.consumeBoolean());
        }
      } catch (IllegalArgumentException | IllegalStateException expected) {
        // Rejected calls must leave the builder unchanged; checked through the rendering below.
      }
    }
    ContentSecurityPolicy policy;
    try {
      policy = builder.build();
    } catch (IllegalStateException rejected) {
      return;
    }
    String nonce = policy.usesNonce() ? policy.newNonce() : null;
    String value = policy.headerValue(nonce);

    ResponseHeader.of(policy.headerName(), value);
    assertThat(value).doesNotContain(",").doesNotContain("  ");
    List<String> names = new ArrayList<>();
    for (String directive : value.split("; ", -1)) {
      assertThat(directive).isNotEmpty().doesNotContain(";");
      names.add(directive.split(" ", -1)[0]);
    }
    assertThat(names).doesNotHaveDuplicates();
    for (CspDirective directive : DIRECTIVES) {
      List<String> expected = accepted.getOrDefault(directive, List.of());
      assertThat(policy.sources(directive)).isEqualTo(expected);
      boolean present = !expected.isEmpty() || nonces.contains(directive) || !policy.hashes(directive).isEmpty();
      assertThat(names.contains(directive.directiveName())).isEqualTo(present);
    }
    assertThat(policy.nonceDirectives()).isEqualTo(nonces);
    if (nonce != null) {
      int count = value.split("'nonce-" + Pattern.quote(nonce) + "'", -1).length - 1;
      assertThat(count).isEqualTo(nonces.size());
    }
    assertThat(policy.toBuilder().build().headerValue(nonce)).isEqualTo(value);
  }

  private static String[] sources(FuzzedDataProvider data) {
    String[] sources = new String[data.consumeInt(0, 4)];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = data.consumeBoolean() ? data.pickValue(SOURCES) : data.consumeString(30);
    }
    return sources;
  }
}
