package dev.bulwark.servlet;

import dev.bulwark.http.Edge;
import jakarta.servlet.ServletException;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/**
 * Creates the edge of a {@code web.xml}-registered {@link BulwarkFilter}: loads the class named by
 * {@link BulwarkFilter#EDGE_FACTORY_PARAMETER} with the web application's class loader, creates it
 * with its public no-argument constructor and asks it, as a {@code Supplier<Edge>}, for the edge.
 */
final class EdgeSuppliers {

  private EdgeSuppliers() {}

  static Edge create(String className) throws ServletException {
    String what = BulwarkFilter.EDGE_FACTORY_PARAMETER + "=" + className;
    Object factory;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type = Class.forName(className, true,
          loader != null ? loader : EdgeSuppliers.class.getClassLoader());
      if (!Supplier.class.isAssignableFrom(type)) {
        throw new ServletException(what + ": " + type.getName() + " does not implement Supplier<Edge>");
      }
      factory = type.getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new ServletException(what + ": class not found", e);
    } catch (NoSuchMethodException e) {
      throw new ServletException(what + ": no public no-argument constructor", e);
    } catch (InvocationTargetException e) {
      throw new ServletException(what + ": the constructor threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new ServletException(what + ": cannot be created: " + e, e);
    }
    Object edge;
    try {
      edge = ((Supplier<?>) factory).get();
    } catch (RuntimeException e) {
      throw new ServletException(what + ": get() threw " + e, e);
    }
    if (!(edge instanceof Edge)) {
      throw new ServletException(what + ": get() returned " + edge + " instead of an Edge");
    }
    return (Edge) edge;
  }
}
