package dev.bulwark.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /}: the dashboard page, {@code dashboard.html} next to this class. Its inline
 * {@code <style>} and {@code <script>} carry {@value #PLACEHOLDER}, which becomes the request's
 * CSP nonce, or disappears when the edge supplies none. The template is split once at the
 * placeholders, so rendering only concatenates.
 */
final class Dashboard implements DemoHandler {

  /** The attribute that carries the nonce in the template, exactly as written there. */
  static final String PLACEHOLDER = " nonce=\"{{nonce}}\"";

  /** The page's media type. */
  static final String MEDIA_TYPE = "text/html; charset=utf-8";

  private final List<String> parts;

  Dashboard(String template) {
    List<String> split = new ArrayList<>();
    int from = 0;
    for (int at = template.indexOf(PLACEHOLDER); at >= 0; at = template.indexOf(PLACEHOLDER, from)) {
      split.add(template.substring(from, at));
      from = at + PLACEHOLDER.length();
    }
    split.add(template.substring(from));
    this.parts = List.copyOf(split);
  }

  /** The dashboard of the bundled template. */
  static Dashboard load() {
    try (InputStream in = Dashboard.class.getResourceAsStream("dashboard.html")) {
      if (in == null) {
        throw new IllegalStateException("dashboard.html is missing from the class path next to " + Dashboard.class);
      }
      return new Dashboard(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard.html", e);
    }
  }

  /** How many nonce attributes the template has. */
  int placeholders() {
    return parts.size() - 1;
  }

  /** The page with {@code nonce} in every placeholder, or without the attributes if null. */
  String render(@Nullable String nonce) {
    String attribute = nonce == null ? "" : " nonce=\"" + nonce + "\"";
    return String.join(attribute, parts);
  }

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    byte[] page = render(request.cspNonce().orElse(null)).getBytes(StandardCharsets.UTF_8);
    return CompletableFuture.completedFuture(
        DemoResponse.of(200, MEDIA_TYPE, page).withHeader("Cache-Control", "no-store"));
  }
}
