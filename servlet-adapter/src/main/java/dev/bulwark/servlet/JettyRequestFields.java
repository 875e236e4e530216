package dev.bulwark.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletApiRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The two request headers {@code ServletEdgeRequest} reads about the body of a Jetty 12 (ee10)
 * request, found in one pass over Jetty's fields instead of one search each.
 *
 * <p>What is read is what the servlet API gives: the {@code Content-Length} is
 * {@code getContentLengthLong()}'s (the first field with Jetty's {@link HttpHeader#CONTENT_LENGTH},
 * its {@code getLongValue()}, which throws {@code NumberFormatException} for a value Jetty let
 * through unparsed; -1 without one), and the request has a {@code Transfer-Encoding} when
 * {@code getHeader("Transfer-Encoding")} is not null (the first field whose name equals it ignoring
 * case has a value).
 *
 * <p>Only for the container's own request object ({@link ServletApiRequest}): a request a filter in
 * front wrapped may answer the servlet API its own way, so it is asked. Loaded only where
 * {@link JettyEe10#AVAILABLE}. Allocates nothing.
 */
final class JettyRequestFields {

  private static final String TRANSFER_ENCODING = "Transfer-Encoding";

  private JettyRequestFields() {}

  /**
   * Reads the request's {@code Content-Length} and whether it has a {@code Transfer-Encoding} into
   * {@code view} ({@link ServletEdgeRequest#bodyHeaders}), when the request is Jetty's own.
   *
   * @return whether it was read; false when the request is not Jetty's own (or has no fields),
   *     and then the caller asks the servlet API
   * @throws NumberFormatException as {@code getContentLengthLong()} would
   */
  static boolean read(HttpServletRequest request, ServletEdgeRequest view) {
    if (!(request instanceof ServletApiRequest)) {
      return false;
    }
    HttpFields fields = ((ServletApiRequest) request).getFields();
    if (fields == null) {
      return false;
    }
    HttpField length = null;
    boolean transferEncodingSeen = false;
    boolean transferEncoding = false;
    for (int i = 0, n = fields.size(); i < n; i++) {
      HttpField field = fields.getField(i);
      if (field == null) {
        continue;
      }
      if (length == null && field.getHeader() == HttpHeader.CONTENT_LENGTH) {
        length = field;
      }
      if (!transferEncodingSeen && field.is(TRANSFER_ENCODING)) {
        transferEncodingSeen = true;
        transferEncoding = field.getValue() != null;
      }
    }
    view.bodyHeaders(length == null ? -1 : length.getLongValue(), transferEncoding);
    return true;
  }
}
