package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.validation.ContentTypePolicy;
import dev.bulwark.validation.InputPolicy;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A route's {@code validation} section: the query, header and body policies, the declared body
 * size limit and the allowed content types, each optional.
 *
 * @param query the policy of query parameters, or null
 * @param headers the policy of header values, or null
 * @param body the policy of body content, or null
 * @param maxBodyBytes the largest declared body, or -1 for no limit
 * @param contentType the allowed content types, or null
 */
record ValidationSection(
    @Nullable InputPolicy query,
    @Nullable InputPolicy headers,
    @Nullable InputPolicy body,
    long maxBodyBytes,
    @Nullable ContentTypePolicy contentType) {

  static final List<String> KEYS = List.of("query", "headers", "body", "maxBodyBytes", "contentType");
  static final List<String> CONTENT_TYPE_KEYS =
      List.of("allowMediaTypes", "allowCharsets", "requireContentType");

  static @Nullable ValidationSection read(JsonNode node, String path, Problems problems) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    InputPolicy query = policy(f, "query");
    InputPolicy headers = policy(f, "headers");
    InputPolicy body = policy(f, "body");
    Long maxBodyBytes = f.get("maxBodyBytes", Values::size);
    if (maxBodyBytes != null && maxBodyBytes < 0) {
      f.report("maxBodyBytes", "must be >= 0");
    }
    ContentTypePolicy contentType =
        f.has("contentType") ? contentType(f.node("contentType"), f.path("contentType"), problems) : null;
    if (!f.clean()) {
      return null;
    }
    return new ValidationSection(
        query, headers, body, maxBodyBytes != null ? maxBodyBytes : -1, contentType);
  }

  private static @Nullable InputPolicy policy(Fields f, String key) {
    return f.has(key) ? InputPolicySection.read(f.node(key), f.path(key), f.problems()) : null;
  }

  private static @Nullable ContentTypePolicy contentType(JsonNode node, String path, Problems problems) {
    ContentTypePolicy.Builder b = ContentTypePolicy.builder();
    if (node.isArray()) {
      List<String> types = Fields.stringList(node, path, problems);
      if (types == null) {
        return null;
      }
      try {
        return b.allowMediaTypes(types.toArray(new String[0])).build();
      } catch (IllegalArgumentException | IllegalStateException e) {
        problems.bad(path, node, String.valueOf(e.getMessage()));
        return null;
      }
    }
    Fields f = Fields.open(node, path, problems, CONTENT_TYPE_KEYS);
    if (f == null) {
      return null;
    }
    f.require("allowMediaTypes");
    f.strings("allowMediaTypes", b::allowMediaTypes);
    f.strings("allowCharsets", b::allowCharsets);
    f.apply("requireContentType", Values::bool, b::requireContentType);
    return f.build(b::build);
  }

  /** Returns this section as a route's validation gate. */
  RouteValidation gate() {
    RouteValidation.Builder route = RouteValidation.builder();
    if (query != null) {
      route.queryPolicy(query);
    }
    if (headers != null) {
      route.headerPolicy(headers);
    }
    if (body != null) {
      route.bodyPolicy(body);
    }
    if (maxBodyBytes >= 0) {
      route.maxBodyBytes(maxBodyBytes);
    }
    if (contentType != null) {
      route.contentTypePolicy(contentType);
    }
    return route.build();
  }
}
