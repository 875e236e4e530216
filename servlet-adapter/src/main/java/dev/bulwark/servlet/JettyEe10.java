package dev.bulwark.servlet;

/**
 * Whether the container is Jetty 12 with its ee10 servlet environment visible to this adapter,
 * worked out once. The Jetty-only helpers ({@code JettyEdgeResponse}, {@code JettyResponses}) are loaded
 * only when it is; on another container their classes could not link.
 */
final class JettyEe10 {

  /** True when Jetty 12's ee10 servlet and HTTP classes can be loaded from this adapter. */
  static final boolean AVAILABLE = available();

  private JettyEe10() {}

  private static boolean available() {
    ClassLoader loader = JettyEe10.class.getClassLoader();
    try {
      Class.forName("org.eclipse.jetty.ee10.servlet.ServletApiResponse", false, loader);
      Class.forName("org.eclipse.jetty.ee10.servlet.ServletContextRequest", false, loader);
      Class.forName("org.eclipse.jetty.http.PreEncodedHttpField", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
