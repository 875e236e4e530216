package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.headers.SecurityHeaders;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The constant lists, converted to AsciiStrings once, write what setHeader/removeHeader would; a
 * value set again is added as a field built once, with the same result as set.
 */
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

  /** Three responses of a channel through its one view, the same value instance each time. */
  @Test
  void aValueSetAgainReplacesAsSetDoesAndIsAddedAsBuilt() {
    String value = "\"hello\";r=9;t=1";
    NettyEdgeResponse view = new NettyEdgeResponse();
    for (int response = 0; response < 3; response++) {
      HttpHeaders headers = earlier();
      headers.add("RateLimit", "stale");
      headers.add("ratelimit", "stale too");
      HttpHeaders expected = earlier();
      expected.add("RateLimit", "stale");
      expected.set("RateLimit", value);
      assertThat(view.bind(headers)).isTrue();
      view.setHeader("RateLimit", value);
      view.unbind();

      assertThat(headers.getAll("RateLimit")).containsExactly(value);
      assertThat(lines(headers)).isEqualTo(lines(expected));
      assertThat(last(headers)).as("response %d", response).isInstanceOf(response == 0 ? String.class : AsciiString.class);
    }
  }

  @Test
  void anEqualValueOfAnotherInstanceOrAnotherNameIsSetAsGiven() {
    NettyEdgeResponse view = new NettyEdgeResponse();
    String value = "\"hello\";r=9;t=1";
    write(view, "RateLimit", value);
    for (String name : List.of("A-1", "A-2", "A-3", "A-4", "A-5", "RateLimit")) {
      write(view, name, value); // five other names push RateLimit out of the view's four slots
    }
    HttpHeaders copy = write(view, "RateLimit", new String(value.toCharArray()));
    assertThat(last(copy)).isInstanceOf(String.class).hasToString(value);
    HttpHeaders again = write(view, "RateLimit", value);
    assertThat(last(again)).isInstanceOf(String.class);
    assertThat(last(write(view, "RateLimit", value))).isInstanceOf(AsciiString.class).hasToString(value);
  }

  @Test
  void aValueNettyRefusesIsLeftToTheResponsesOwnValidation() {
    NettyEdgeResponse view = new NettyEdgeResponse();
    String bad = "a\u0000b";
    for (int i = 0; i < 3; i++) {
      HttpHeaders lenient = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
      assertThat(view.bind(lenient)).isTrue();
      view.setHeader("RateLimit", bad);
      view.unbind();
      assertThat(lenient.get("RateLimit")).isEqualTo(bad);
    }
    for (int i = 0; i < 3; i++) {
      HttpHeaders lenient = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
      String latin1 = "caf\u00e9";
      assertThat(view.bind(lenient)).isTrue();
      view.setHeader("RateLimit", latin1);
      view.unbind();
      assertThat(last(lenient)).as("not built: an AsciiString would send its byte, not the codec's '?'").isSameAs(latin1);
    }
    HttpHeaders strict = new DefaultHttpHeaders();
    assertThat(view.bind(strict)).isTrue();
    assertThatThrownBy(() -> view.setHeader("RateLimit", bad)).isInstanceOf(IllegalArgumentException.class);
    view.unbind();
  }

  private static HttpHeaders write(NettyEdgeResponse view, String name, String value) {
    HttpHeaders headers = new DefaultHttpHeaders();
    assertThat(view.bind(headers)).isTrue();
    view.setHeader(name, value);
    view.unbind();
    assertThat(headers.get(name)).isEqualTo(value);
    return headers;
  }

  /** Every field as {@code name: value}, in order. */
  private static List<String> lines(HttpHeaders headers) {
    List<String> lines = new ArrayList<>();
    headers.forEach(e -> lines.add(e.getKey() + ": " + e.getValue()));
    return lines;
  }

  /** The value of the field added last, as the headers hold it. */
  private static CharSequence last(HttpHeaders headers) {
    CharSequence value = null;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
      value = it.next().getValue();
    }
    return value;
  }
}
