package dev.bulwark.netty;

import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * Makes the request target an application decodes say exactly the path the edge routed.
 *
 * <p>The edge routes a canonical path ({@link dev.bulwark.http.EdgeExchange#path()}): decoded,
 * without path parameters, dot segments resolved, empty segments dropped, an absolute-form target
 * reduced to its path. A Netty application reads {@link HttpRequest#uri()} and decodes it itself
 * (with {@code QueryStringDecoder}, a router, or not at all), so when the raw path differs from
 * the canonical one, the target is rewritten to the canonical path, percent-encoded again, followed
 * by the raw query unchanged: {@code /api/%73earch;x=1?q=1} becomes {@code /api/search?q=1}. The
 * spellings with two readings ({@code %2F}, {@code #}, ...) never get here: the edge refuses them.
 *
 * <p>An ordinary target, whose path is already canonical, is left alone without allocating.
 */
final class RequestTargets {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private RequestTargets() {}

  /**
   * Rewrites the request's target to {@code path} (plus its query) unless its path already is
   * {@code path}.
   *
   * @param request the admitted request
   * @param path the canonical path the edge routed
   */
  static void retarget(HttpRequest request, String path) {
    String uri = request.uri();
    int n = path.length();
    if (uri.startsWith(path) && (uri.length() == n || uri.charAt(n) == '?')) {
      return;
    }
    int q = uri.indexOf('?');
    String query = q < 0 ? "" : uri.substring(q);
    request.setUri(encode(path) + query);
  }

  /**
   * Percent-encodes a decoded path so that one round of decoding gives it back: unreserved
   * characters, the sub-delimiters other than {@code ;}, {@code :}, {@code @} and {@code /} stay
   * as they are; everything else is written as UTF-8 escapes.
   */
  static String encode(String path) {
    StringBuilder sb = new StringBuilder(path.length() + 16);
    byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
    for (byte value : utf8) {
      int b = value & 0xff;
      if (keeps(b)) {
        sb.append((char) b);
      } else {
        sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
      }
    }
    return sb.toString();
  }

  private static boolean keeps(int b) {
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
      return true;
    }
    return "-._~!$&'()*+,=:@/".indexOf(b) >= 0;
  }
}
