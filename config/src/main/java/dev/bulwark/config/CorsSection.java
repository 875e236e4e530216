package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.CorsPolicyBuilder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A route's {@code cors} section: the {@link CorsPolicy} and whether actual requests from other
 * origins are refused. Every key but {@code rejectDisallowedOrigins} is the
 * {@link CorsPolicyBuilder} method of the same name.
 *
 * @param policy the policy
 * @param rejectDisallowedOrigins whether the route refuses (403) requests from other origins
 */
record CorsSection(CorsPolicy policy, boolean rejectDisallowedOrigins) {

  static final List<String> KEYS = List.of(
      "allowOrigins", "allowAnyOrigin", "allowMethods", "allowHeaders", "exposeHeaders",
      "allowCredentials", "maxAge", "allowPrivateNetwork", "rejectDisallowedOrigins");

  static @Nullable CorsSection read(JsonNode node, String path, Problems problems) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    CorsPolicyBuilder b = CorsPolicy.builder();
    f.strings("allowOrigins", b::allowOrigins);
    f.flag("allowAnyOrigin", b::allowAnyOrigin);
    f.strings("allowMethods", b::allowMethods);
    f.strings("allowHeaders", b::allowHeaders);
    f.strings("exposeHeaders", b::exposeHeaders);
    f.flag("allowCredentials", b::allowCredentials);
    f.apply("maxAge", Values::duration, b::maxAge);
    f.flag("allowPrivateNetwork", b::allowPrivateNetwork);
    Boolean reject = f.get("rejectDisallowedOrigins", Values::bool);
    CorsPolicy policy = f.build(b::build);
    return policy == null ? null : new CorsSection(policy, Boolean.TRUE.equals(reject));
  }
}
