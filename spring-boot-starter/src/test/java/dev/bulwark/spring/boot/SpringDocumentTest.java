package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** How the Spring environment becomes the config module's document: precedence, lists, types. */
class SpringDocumentTest {

  private static final SchemaTypes TYPES = SchemaTypes.load();

  private static StandardEnvironment environment(Map<String, Object> high, Map<String, Object> low) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("low", low));
    env.getPropertySources().addFirst(new MapPropertySource("high", high));
    return env;
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static String read(StandardEnvironment env) {
    return SpringDocument.read(env, TYPES).toString();
  }

  @Test
  void aHigherSourceWinsKeyByKeyAndMapsMerge() {
    StandardEnvironment env = environment(
        map("bulwark.errorFormat", "envelope", "bulwark.outbound.b.timeout", "2s"),
        map("bulwark.errorFormat", "problem", "bulwark.outbound.a.timeout", "1s", "bulwark.problemTypeBase", "x"));
    assertThat(read(env)).isEqualTo("{\"errorFormat\":\"envelope\",\"outbound\":{\"b\":{\"timeout\":\"2s\"},"
        + "\"a\":{\"timeout\":\"1s\"}},\"problemTypeBase\":\"x\"}");
    assertThat(SpringDocument.childNames(env, "outbound")).containsExactly("b", "a");
  }

  @Test
  void aListComesWholeFromTheHighestSourceThatHasIt() {
    StandardEnvironment env = environment(
        map("bulwark.routes[0].pattern", "/high"),
        map("bulwark.routes[0].pattern", "/low0", "bulwark.routes[0].name", "low", "bulwark.routes[1].pattern", "/low1",
            "bulwark.clientIp.trustedProxies[0]", "10.0.0.0/8"));
    assertThat(read(env)).isEqualTo(
        "{\"routes\":[{\"pattern\":\"/high\"}],\"clientIp\":{\"trustedProxies\":[\"10.0.0.0/8\"]}}");
  }

  @Test
  void textGetsTheSchemasTypeAndTypedValuesStayTyped() {
    StandardEnvironment env = environment(map(
        "bulwark.routes[0].concurrency.perClient", "3",
        "bulwark.routes[0].concurrency.total", 7,
        "bulwark.routes[0].methods", "GET, POST",
        "bulwark.routes[0].circuitBreaker.failureRateThreshold", "12.5",
        "bulwark.routes[0].circuitBreaker.recordRejections", "True",
        "bulwark.routes[0].pattern", 5,
        "bulwark.routes[0].cors", "",
        "bulwark.routes[0].rateLimit.maximumKeys", "lots",
        "bulwark.routes[0].unknownKey", "9"), map());
    assertThat(read(env)).isEqualTo("{\"routes\":[{\"concurrency\":{\"perClient\":3,\"total\":7},"
        + "\"methods\":[\"GET\",\"POST\"],\"circuitBreaker\":{\"failureRateThreshold\":12.5,\"recordRejections\":true},"
        + "\"pattern\":\"5\",\"cors\":null,\"rateLimit\":{\"maximumKeys\":\"lots\"},\"unknownKey\":\"9\"}]}");
  }

  @Test
  void placeholdersAreResolvedAndTheStartersOwnKeysLeftOut() {
    StandardEnvironment env = environment(map(
        "LIMIT", "9/minute",
        "bulwark.routes[0].rateLimit", "${LIMIT}",
        "bulwark.routes[0].pattern", "${PATTERN:/fallback}",
        "bulwark.spring.filter-order", "5"), map());
    assertThat(read(env)).isEqualTo("{\"routes\":[{\"rateLimit\":\"9/minute\",\"pattern\":\"/fallback\"}]}");

    StandardEnvironment missing = environment(map("bulwark.errorFormat", "${NOT_SET_ANYWHERE}"), map());
    assertThatThrownBy(() -> read(missing)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOT_SET_ANYWHERE");
  }

  @Test
  void keysKeepTheirSpellingAndListGapsAreNull() {
    StandardEnvironment env = environment(map(
        "bulwark.routes[1].securityHeaders.headers.[X-Frame-Options]", "DENY",
        "bulwark.routes[1].securityHeaders.contentSecurityPolicy.directives.img-src[0]", "'self'"), map());
    assertThat(read(env)).isEqualTo("{\"routes\":[null,{\"securityHeaders\":{\"headers\":{\"X-Frame-Options\":\"DENY\"},"
        + "\"contentSecurityPolicy\":{\"directives\":{\"img-src\":[\"'self'\"]}}}}]}");
  }
}
