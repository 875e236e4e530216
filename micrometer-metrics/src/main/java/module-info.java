/**
 * Bulwark metrics for Micrometer: one {@link io.micrometer.core.instrument.binder.MeterBinder} per
 * primitive, attached through the primitives' public counting and listener API. See
 * {@link dev.bulwark.micrometer.MetricNames} for the meters.
 */
// Micrometer ships no module-info, only an Automatic-Module-Name: requiring it is the only way.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.bulwark.micrometer {
  requires transitive dev.bulwark.ratelimit;
  requires transitive dev.bulwark.circuitbreaker;
  requires transitive dev.bulwark.retry;
  // Optional, and not transitive: javac insists on a `requires static transitive` module when it
  // compiles a consumer, so a user of the other binders would need http-edge (and Jackson) and
  // ratelimit-redis (and Jedis) just to compile. Only EdgeBinder and EdgeMetrics use http-edge, only
  // RedisFallbackBinder uses ratelimit-redis; whoever uses them requires those modules anyway (see
  // pom.xml; module-path-tests/metrics-only proves the rest runs without them).
  requires static dev.bulwark.http;
  requires static dev.bulwark.ratelimit.redis;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports dev.bulwark.micrometer;
}
