package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.Route;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The response body's size the handler reports: the content written, and 0 for a response that has
 * no body by HTTP's rules (to a {@code HEAD}, a 204 or a 304), as the servlet adapter reports it.
 */
class NettyResponseSizeTest {

  private final List<EdgeEvent.RequestFinished> finished = new ArrayList<>();
  private final Edge edge = Edge.builder()
      .listener(event -> {
        if (event instanceof EdgeEvent.RequestFinished f) {
          finished.add(f);
        }
      })
      .route(Route.builder("/**").name("all").build())
      .build();
  private final Recorder app = new Recorder();
  private final EmbeddedChannel channel = Fixture.channel(new BulwarkHandler(edge), app);

  @AfterEach
  void close() {
    assertThat(edge.inFlight()).isZero();
    channel.finishAndReleaseAll();
  }

  private long sizeOf(HttpMethod method, HttpResponseStatus status, String body) {
    FullHttpRequest request = Fixture.full(method, "/page", "");
    channel.writeInbound(request);
    assertThat(app.received).contains(request);
    request.release();
    channel.writeOutbound(Fixture.response(status, body));
    assertThat(finished).hasSize(1);
    EdgeEvent.RequestFinished event = finished.remove(0);
    assertThat(event.status()).isEqualTo(status.code());
    return event.responseBytes();
  }

  @Test
  void aBodyIsCountedAndAResponseWithoutOneIsZero() {
    assertThat(sizeOf(HttpMethod.GET, HttpResponseStatus.OK, "twelve bytes")).isEqualTo(12);
    assertThat(sizeOf(HttpMethod.HEAD, HttpResponseStatus.OK, "twelve bytes")).isZero();
    assertThat(sizeOf(HttpMethod.GET, HttpResponseStatus.NOT_MODIFIED, "")).isZero();
    assertThat(sizeOf(HttpMethod.GET, HttpResponseStatus.NO_CONTENT, "")).isZero();
  }

  @Test
  void aHeadMethodOfItsOwnInstanceIsRecognisedToo() {
    // Netty's decoder hands out its constants, but a request built elsewhere may carry its own.
    assertThat(sizeOf(new HttpMethod("HEAD"), HttpResponseStatus.OK, "twelve bytes")).isZero();
    assertThat(sizeOf(new HttpMethod("GET"), HttpResponseStatus.OK, "twelve bytes")).isEqualTo(12);
  }

  @Test
  void aStreamedBodyIsTheSumOfItsContents() {
    FullHttpRequest request = Fixture.get("/stream");
    channel.writeInbound(request);
    request.release();
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpUtil.setTransferEncodingChunked(head, true);
    channel.writeOutbound(head, Fixture.chunk("0123456789"), Fixture.chunk("abc"), Fixture.last("xyz!"));
    assertThat(finished).singleElement().extracting(EdgeEvent.RequestFinished::responseBytes).isEqualTo(17L);
  }
}
