package dev.bulwark.servlet;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.EdgeRejection;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes an edge's rejection as the whole response and commits it. */
final class Rejections {

  private Rejections() {}

  /** Sends status, content type and body; the headers were written by {@code writeHeaders}. */
  static void send(HttpServletResponse response, EdgeRejection rejection) throws IOException {
    response.setStatus(rejection.status());
    String type = rejection.contentType();
    if (type != null) {
      response.setContentType(type);
      response.setContentLength(rejection.bodyLength());
      response.getOutputStream().write(rejection.body());
    }
    response.flushBuffer();
  }

  /**
   * Sends a body check's refusal on a response that already has the admitted exchange's headers.
   * The refusal carries the same ones (the same nonce, CORS and rate-limit fields), so setting
   * them again changes nothing; {@code Vary}, which {@code writeHeaders} added to, is not added
   * twice.
   */
  static void sendAfterHeaders(HttpServletResponse response, EdgeRejection rejection) throws IOException {
    for (ResponseHeader h : rejection.headers()) {
      if (!h.hasName("Vary")) {
        response.setHeader(h.name(), h.value());
      }
    }
    send(response, rejection);
  }
}
