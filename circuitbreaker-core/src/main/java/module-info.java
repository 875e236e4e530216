/**
 * Bulwark circuit breaker: stops calling a failing dependency so that an outage fails fast instead
 * of piling up threads, and lets trial calls through later to find out whether it recovered.
 *
 * <p>{@link dev.bulwark.circuitbreaker.CircuitBreaker} is the breaker, configured by a
 * {@link dev.bulwark.circuitbreaker.CircuitBreakerConfig} and grouped by name in a
 * {@link dev.bulwark.circuitbreaker.CircuitBreakerRegistry}.
 */
module dev.bulwark.circuitbreaker {
  requires transitive dev.bulwark.core;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.bulwark.circuitbreaker;
}
