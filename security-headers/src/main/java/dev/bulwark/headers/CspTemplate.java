package dev.bulwark.headers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A rendered policy with holes where the per-request nonce goes: {@code parts[0] + nonce +
 * parts[1] + nonce + ... + parts[n]}. Rendering happens once at build time, so a response costs one
 * exact-size concatenation, or nothing at all for a policy without nonces.
 */
final class CspTemplate {

  private static final String PLACEHOLDER = "{nonce}";

  private final String[] parts;
  private final int fixedLength;

  private CspTemplate(String[] parts) {
    this.parts = parts;
    int length = 0;
    for (String part : parts) {
      length += part.length();
    }
    this.fixedLength = length;
  }

  static CspTemplate render(
      Map<CspDirective, List<String>> sources,
      Set<CspDirective> nonces,
      Map<CspDirective, List<String>> hashes,
      @Nullable List<String> sandbox,
      boolean upgradeInsecureRequests,
      List<String> reportUris,
      @Nullable String reportTo) {
    List<String> parts = new ArrayList<>();
    StringBuilder sb = new StringBuilder(128);
    boolean first = true;
    for (CspDirective directive : CspDirective.values()) {
      List<String> given = sources.getOrDefault(directive, List.of());
      List<String> hashed = hashes.getOrDefault(directive, List.of());
      boolean nonce = nonces.contains(directive);
      if (given.isEmpty() && hashed.isEmpty() && !nonce) {
        continue;
      }
      first = startDirective(sb, first, directive.directiveName());
      if (nonce) {
        sb.append(" 'nonce-");
        parts.add(sb.toString());
        sb.setLength(0);
        sb.append('\'');
      }
      appendAll(sb, hashed);
      appendAll(sb, given);
    }
    if (sandbox != null) {
      first = startDirective(sb, first, "sandbox");
      appendAll(sb, sandbox);
    }
    if (upgradeInsecureRequests) {
      first = startDirective(sb, first, "upgrade-insecure-requests");
    }
    if (!reportUris.isEmpty()) {
      first = startDirective(sb, first, "report-uri");
      appendAll(sb, reportUris);
    }
    if (reportTo != null) {
      startDirective(sb, first, "report-to");
      sb.append(' ').append(reportTo);
    }
    parts.add(sb.toString());
    return new CspTemplate(parts.toArray(new String[0]));
  }

  private static boolean startDirective(StringBuilder sb, boolean first, String name) {
    if (!first) {
      sb.append("; ");
    }
    sb.append(name);
    return false;
  }

  private static void appendAll(StringBuilder sb, List<String> tokens) {
    for (String token : tokens) {
      sb.append(' ').append(token);
    }
  }

  boolean isFixed() {
    return parts.length == 1;
  }

  String fixed() {
    return parts[0];
  }

  String value(@Nullable String nonce) {
    if (parts.length == 1) {
      return parts[0];
    }
    if (nonce == null) {
      throw new IllegalArgumentException(
          "nonce is required: this policy puts a per-request nonce in "
              + "its script or style directives; pass the value of newNonce()");
    }
    CspSources.requireNonce(nonce);
    // One or two holes (the usual script-src and style-src): string concatenation allocates the
    // value once at its exact size, where a StringBuilder's toString would copy it.
    if (parts.length == 2) {
      return parts[0] + nonce + parts[1];
    }
    if (parts.length == 3) {
      return parts[0] + nonce + parts[1] + nonce + parts[2];
    }
    StringBuilder sb = new StringBuilder(fixedLength + (parts.length - 1) * nonce.length());
    sb.append(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      sb.append(nonce).append(parts[i]);
    }
    return sb.toString();
  }

  String describe() {
    return String.join(PLACEHOLDER, parts);
  }
}
