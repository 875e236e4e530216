package dev.bulwark.benchmarks.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletApiResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * {@link RouteFields} on every response in the cheapest way Jetty offers, with no decision: each
 * field is a {@link PreEncodedHttpField} built once (Jetty copies its bytes instead of encoding
 * the name and value per response), put straight into Jetty's own response fields (replacing a
 * field of the same name, as {@code setHeader} does) before the chain runs; {@link ApiHeaders#REMOVED}
 * are removed. The floor under any servlet server that sends these fields.
 */
final class PreencodedHeadersFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  private static final HttpField[] FIELDS = fields();

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(response instanceof ServletApiResponse)) {
      throw new IllegalStateException("expected Jetty's own response, got " + response.getClass().getName());
    }
    HttpFields.Mutable fields = ((ServletApiResponse) response).getResponse().getHeaders();
    for (HttpField field : FIELDS) {
      fields.put(field);
    }
    for (String name : ApiHeaders.REMOVED) {
      fields.remove(name);
    }
    chain.doFilter(request, response);
  }

  private static HttpField[] fields() {
    HttpField[] fields = new HttpField[RouteFields.NAMES.length];
    for (int i = 0; i < fields.length; i++) {
      String name = RouteFields.NAMES[i];
      fields[i] = new PreEncodedHttpField(HttpHeader.CACHE.get(name), name, RouteFields.VALUES[i]);
    }
    return fields;
  }
}
