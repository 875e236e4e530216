/**
 * Bulwark HTTP edge: the framework-neutral layer that the servlet and Netty adapters drive. It turns
 * an {@link dev.bulwark.http.EdgeRequest} into a decision (admit or reject with status, headers and
 * an RFC 9457 body) by running an ordered chain of gates built from the Bulwark primitives.
 */
module dev.bulwark.http {
  requires transitive dev.bulwark.ratelimit;
  requires transitive dev.bulwark.circuitbreaker;
  requires transitive dev.bulwark.validation;
  requires transitive dev.bulwark.headers;
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports dev.bulwark.http;
}
