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
  // Optional: only EdgeBinder and EdgeMetrics use it (see pom.xml).
  requires static transitive dev.bulwark.http;
  // Optional: only RedisFallbackBinder uses it (see pom.xml).
  requires static transitive dev.bulwark.ratelimit.redis;
  requires transitive micrometer.core;
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports dev.bulwark.micrometer;
}
