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
  requires org.slf4j;
  // Optional, and not transitive (javac would require Jetty to compile every consumer, Tomcat users
  // included): only dev.bulwark.servlet.jetty uses Jetty, and whoever runs it on Jetty has it.
  requires static org.eclipse.jetty.server;
  requires static org.eclipse.jetty.http;
  requires static org.eclipse.jetty.util;
  requires static org.eclipse.jetty.io;
  requires static org.eclipse.jetty.websocket.core.common;
  requires static org.eclipse.jetty.ee10.servlet;

  exports dev.bulwark.servlet;
  exports dev.bulwark.servlet.jetty;
}
