package dev.bulwark.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.Collections;

/** Minimal servlet request and response stand-ins for unit tests that need no server. */
final class StubRequest {

  private StubRequest() {}

  /** A request with the given mapping and peer; other methods return null, false or 0. */
  static HttpServletRequest create(String method, String servletPath, String pathInfo, String remoteAddr) {
    return (HttpServletRequest) Proxy.newProxyInstance(StubRequest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
          switch (m.getName()) {
            case "getMethod":
              return method;
            case "getServletPath":
              return servletPath;
            case "getPathInfo":
              return pathInfo;
            case "getRemoteAddr":
              return remoteAddr;
            case "getDispatcherType":
              return DispatcherType.REQUEST;
            case "getHeaders":
            case "getHeaderNames":
              return Collections.emptyEnumeration();
            case "getContentLengthLong":
              return -1L;
            default:
              return defaultValue(m.getReturnType());
          }
        });
  }

  /** A response whose methods do nothing. */
  static HttpServletResponse response() {
    return (HttpServletResponse) Proxy.newProxyInstance(StubRequest.class.getClassLoader(),
        new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> defaultValue(m.getReturnType()));
  }

  private static Object defaultValue(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }
}
