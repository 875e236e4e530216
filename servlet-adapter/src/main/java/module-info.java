/**
 * Bulwark for Jakarta Servlet 6: {@link dev.bulwark.servlet.BulwarkFilter} puts an
 * {@link dev.bulwark.http.Edge} in front of a servlet application; on Jetty 12,
 * {@link dev.bulwark.servlet.jetty.BulwarkErrorHandler} gives the container's own errors the edge's
 * headers and error body.
 */
module dev.bulwark.servlet {
  requires transitive dev.bulwark.http;
  requires transitive jakarta.servlet;
  requires static transitive org.jspecify;
  requires static transitive org.eclipse.jetty.server;
  requires static transitive org.eclipse.jetty.http;
  requires static transitive org.eclipse.jetty.util;

  exports dev.bulwark.servlet;
  exports dev.bulwark.servlet.jetty;
}
