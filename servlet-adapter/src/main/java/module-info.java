/**
 * Bulwark for Jakarta Servlet 6: {@link dev.bulwark.servlet.BulwarkFilter} puts an
 * {@link dev.bulwark.http.Edge} in front of a servlet application.
 */
module dev.bulwark.servlet {
  requires transitive dev.bulwark.http;
  requires transitive jakarta.servlet;
  requires static transitive org.jspecify;

  exports dev.bulwark.servlet;
}
