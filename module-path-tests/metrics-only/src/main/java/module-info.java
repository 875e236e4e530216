/**
 * A user's application that meters the primitives and nothing else: it requires the metrics module
 * and the primitives, and has neither http-edge (nor Jackson) nor ratelimit-redis (nor Jedis).
 */
module consumer.metrics {
  requires dev.bulwark.micrometer;
  requires dev.bulwark.ratelimit;
  requires dev.bulwark.circuitbreaker;
  requires dev.bulwark.retry;
  // Exports nothing, like an application: the tests are patched into this module.
}
