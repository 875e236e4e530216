package dev.bulwark.netty;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.EdgeRejection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/** Renders an {@link EdgeRejection} as the complete Netty response that answers the request. */
final class RejectionResponses {

  private RejectionResponses() {}

  /**
   * Returns the rejection as a response: its status, every one of its headers in order, its
   * content type and body with a {@code Content-Length} (none on a 204), and a {@code Connection}
   * field that keeps the connection open or closes it as {@code keepAlive} says for
   * {@code version}.
   */
  static FullHttpResponse of(EdgeRejection rejection, HttpVersion version, boolean keepAlive) {
    ByteBuf body = rejection.bodyLength() == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(rejection.body());
    FullHttpResponse response =
        new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(rejection.status()), body);
    HttpHeaders headers = response.headers();
    List<ResponseHeader> list = rejection.headers();
    for (int i = 0; i < list.size(); i++) {
      ResponseHeader h = list.get(i);
      headers.add(h.name(), h.value());
    }
    String contentType = rejection.contentType();
    if (contentType != null) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    if (rejection.status() != HttpResponseStatus.NO_CONTENT.code()) {
      HttpUtil.setContentLength(response, rejection.bodyLength());
    }
    // A draining edge's refusal says Connection: close; setKeepAlive would otherwise replace it.
    HttpUtil.setKeepAlive(response, keepAlive && !headers.containsValue(HttpHeaderNames.CONNECTION, "close", true));
    return response;
  }
}
