package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/**
 * The request headers of {@link BulwarkHandler#decoderConfig()}: Netty's exact class (a subclass
 * would make Netty's shared header code polymorphic), with the decoder's rewrites of
 * {@code Content-Length} noted for the request whose headers they are, and for no other.
 */
class RequestHeadersTest {

  private static HttpRequest request(HttpHeaders headers) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", headers);
  }

  @Test
  void theHeadersAreNettysOwnClass() {
    assertThat(RequestHeaders.FACTORY.newHeaders().getClass()).isEqualTo(DefaultHttpHeaders.class);
  }

  @Test
  void aContentLengthRemovedAfterItWasAddedIsNotedAsDropped() {
    HttpHeaders headers = RequestHeaders.FACTORY.newHeaders();
    headers.add(HttpHeaderNames.CONTENT_LENGTH, "5").add(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    HttpRequest request = request(headers);
    RequestHeaders.note(request);
    assertThat(RequestHeaders.rewritten(request)).isEqualTo(ProtocolError.LENGTH_AND_CODING);
    assertThat(ProtocolError.of(request)).isEqualTo(ProtocolError.LENGTH_AND_CODING);
  }

  @Test
  void differingValuesReplacedByOneAreNotedAndIdenticalOnesAreNot() {
    HttpHeaders differing = RequestHeaders.FACTORY.newHeaders();
    differing.add(HttpHeaderNames.CONTENT_LENGTH, "2").add(HttpHeaderNames.CONTENT_LENGTH, "3");
    differing.set(HttpHeaderNames.CONTENT_LENGTH, 2L);
    HttpRequest first = request(differing);
    RequestHeaders.note(first);
    assertThat(ProtocolError.of(first)).isEqualTo(ProtocolError.BAD_LENGTH);

    HttpHeaders identical = RequestHeaders.FACTORY.newHeaders();
    identical.add(HttpHeaderNames.CONTENT_LENGTH, "2").add(HttpHeaderNames.CONTENT_LENGTH, "2, 2");
    identical.set(HttpHeaderNames.CONTENT_LENGTH, 2L);
    HttpRequest second = request(identical);
    RequestHeaders.note(second);
    assertThat(RequestHeaders.rewritten(second)).isNull();
    assertThat(ProtocolError.of(second)).isNull();
    assertThat(second.decoderResult().isSuccess()).isTrue();
  }

  @Test
  void notesApplyOnlyToTheHeadersMadeLastAndOnlyOnce() {
    HttpHeaders older = RequestHeaders.FACTORY.newHeaders();
    older.add(HttpHeaderNames.CONTENT_LENGTH, "5");
    HttpHeaders newer = RequestHeaders.FACTORY.newHeaders();
    older.remove(HttpHeaderNames.CONTENT_LENGTH);
    HttpRequest olderRequest = request(older);
    RequestHeaders.note(olderRequest); // not the headers made last: nothing is known about them
    assertThat(RequestHeaders.rewritten(olderRequest)).isNull();

    newer.add(HttpHeaderNames.CONTENT_LENGTH, "5");
    newer.remove(HttpHeaderNames.CONTENT_LENGTH);
    HttpRequest newerRequest = request(newer);
    RequestHeaders.note(newerRequest);
    assertThat(RequestHeaders.rewritten(newerRequest)).isEqualTo(ProtocolError.LENGTH_AND_CODING);

    HttpHeaders plain = RequestHeaders.FACTORY.newHeaders();
    plain.add(HttpHeaderNames.CONTENT_LENGTH, "5");
    HttpRequest plainRequest = request(plain);
    RequestHeaders.note(plainRequest);
    plain.remove(HttpHeaderNames.CONTENT_LENGTH); // after the handler read it: not the decoder's doing
    RequestHeaders.note(plainRequest);
    assertThat(RequestHeaders.rewritten(plainRequest)).isNull();
  }
}
