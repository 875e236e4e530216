package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.headers.SecurityHeaders;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The constant lists, converted to AsciiStrings once, write what setHeader/removeHeader would. */
class NettyEdgeResponseTest {

  private static HttpHeaders earlier() {
    HttpHeaders headers = new DefaultHttpHeaders();
    headers.add("x-frame-options", "SAMEORIGIN");
    headers.add("X-Frame-Options", "ALLOW-FROM https://example.com");
    headers.add("Cache-Control", "public");
    headers.add("Server", "netty");
    headers.add("x-powered-by", "PHP/5.4");
    headers.add("Content-Type", "text/plain");
    return headers;
  }

  @Test
  void constantListsReplaceAndRemoveAsOneByOneWritesDo() {
    SecurityHeaders profile = SecurityHeaders.api();
    List<ResponseHeader> list = profile.fixedHeadersFor(false);
    HttpHeaders viaLists = earlier();
    HttpHeaders oneByOne = earlier();
    NettyEdgeResponse fast = new NettyEdgeResponse(viaLists);
    for (int i = 0; i < 2; i++) { // the second time from the cache
      fast.setHeaders(list);
      fast.removeHeaders(profile.headersToRemove());
    }
    NettyEdgeResponse slow = new NettyEdgeResponse(oneByOne);
    for (ResponseHeader h : list) {
      slow.setHeader(h.name(), h.value());
    }
    profile.headersToRemove().forEach(slow::removeHeader);

    for (ResponseHeader h : list) {
      assertThat(viaLists.getAll(h.name())).as(h.name()).containsExactly(h.value());
    }
    assertThat(viaLists.contains("Server")).isFalse();
    assertThat(viaLists.contains("X-Powered-By")).isFalse();
    assertThat(viaLists.get("Content-Type")).isEqualTo("text/plain");
    assertThat(viaLists.names()).hasSameSizeAs(oneByOne.names());
    for (String name : oneByOne.names()) {
      assertThat(viaLists.getAll(name)).as(name).isEqualTo(oneByOne.getAll(name));
    }
  }
}
