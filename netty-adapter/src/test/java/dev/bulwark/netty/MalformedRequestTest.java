package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.contract.RawClient;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests whose head the codec could not parse, or whose framing two parsers could read
 * differently (#17 item 7), sent over a raw socket to a real server: each is answered with the
 * edge's error (its security headers, a problem body) and {@code Connection: close}, the
 * connection is closed, and the application never sees the request, nor what came after it.
 */
class MalformedRequestTest {

  private final RawServer server;

  MalformedRequestTest() throws InterruptedException {
    server = new RawServer(ReadTimeouts.defaults());
  }

  @AfterEach
  void close() throws Exception {
    server.close();
    assertThat(server.permits.inFlight()).as("permits in flight").isZero();
  }

  /** Sends {@code request}, and asserts the answer, the closed connection and an unaware app. */
  private RawClient.Response refused(String request, int status, String detail) throws IOException {
    try (RawClient client = server.connect()) {
      RawClient.Response r = client.send(request).read();
      assertThat(r.status()).as(r.toString()).isEqualTo(status);
      assertThat(r.headers()).containsEntry("connection", "close")
          .containsEntry("content-type", "application/problem+json")
          .containsEntry("x-content-type-options", "nosniff")
          .containsKey("content-security-policy");
      assertThat(Fixture.json(Fixture.utf8(r.body())).get("detail").asText()).isEqualTo(detail);
      assertThat(client.closedByServer()).as("connection closed").isTrue();
      assertThat(server.app.seen).as("requests the application saw").isEmpty();
      return r;
    }
  }

  @Test
  void contentLengthWithTransferEncodingWasAccepted() throws IOException {
    refused("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        400, "A request must not have both Content-Length and Transfer-Encoding.");
  }

  @Test
  void xchunkedBodyWasParsedAsASecondRequest() throws IOException {
    String smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    refused("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n" + smuggled,
        400, "The Transfer-Encoding must end with chunked; the body's length cannot be determined.");
  }

  @Test
  void xchunkedWithContentLengthWasReadByContentLength() throws IOException {
    refused("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\nContent-Length: 3\r\n\r\nabc",
        400, "A request must not have both Content-Length and Transfer-Encoding.");
  }

  @Test
  void chunkedFollowedByIdentityWasReadAsChunked() throws IOException {
    refused("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
        400, "The Transfer-Encoding must end with chunked; the body's length cannot be determined.");
  }

  @Test
  void chunkedSplitOverTwoFieldsWithAnotherCodingLastWasReadAsChunked() throws IOException {
    refused("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n"
            + "0\r\n\r\n",
        400, "The Transfer-Encoding must end with chunked; the body's length cannot be determined.");
  }

  @Test
  void chunkedTwiceWasAccepted() throws IOException {
    refused("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
        400, "The Transfer-Encoding applies chunked more than once.");
  }

  @Test
  void gzipBeforeChunkedWasPassedOnStillGzipped() throws IOException {
    refused("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        501, "The only transfer coding implemented is chunked.");
  }

  @Test
  void transferEncodingInHttp10WasAccepted() throws IOException {
    refused("POST /upload HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
        400, "An HTTP/1.0 request must not have a Transfer-Encoding.");
  }

  @Test
  void conflictingContentLengthsReachedTheApplicationAsABadRequest() throws IOException {
    refused("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        400, "The request could not be parsed.");
  }

  @Test
  void conflictingContentLengthsInHttp10WereAccepted() throws IOException {
    refused("POST /upload HTTP/1.0\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
        400, "The Content-Length must be one decimal number.");
  }

  @Test
  void aContentLengthListInHttp10ReachedTheApplicationAsABadRequest() throws IOException {
    refused("POST /upload HTTP/1.0\r\nHost: x\r\nContent-Length: 2, 3\r\n\r\nabc",
        400, "The request could not be parsed.");
  }

  @Test
  void identicalContentLengthsInHttp10StillPass() throws IOException {
    try (RawClient client = server.connect()) {
      client.send("POST /upload HTTP/1.0\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab");
      assertThat(client.read().status()).isEqualTo(200);
    }
    assertThat(server.app.seen).containsExactly("POST /upload");
  }

  @Test
  void aSignedContentLengthReachedTheApplicationAsABadRequest() throws IOException {
    refused("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: +2\r\n\r\nab",
        400, "The request could not be parsed.");
  }

  @Test
  void aSpaceBeforeTheColonOfTransferEncodingReachedTheApplicationAsABadRequest() throws IOException {
    refused("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
        400, "The request could not be parsed.");
  }

  @Test
  void aBadChunkSizeWasPassedOnAsTheEndOfTheBody() throws IOException {
    refused("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
        400, "The chunked request body could not be parsed.");
  }

  @Test
  void aBadChunkSizeInABodyBeingCheckedReleasesItsPermit() throws IOException {
    refused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\nzz\r\n",
        400, "The chunked request body could not be parsed.");
  }

  @Test
  void anOversizedRequestLineWasNot414() throws IOException {
    refused("GET /" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, "The request line is too long.");
  }

  @Test
  void anOversizedHeadWasNot431() throws IOException {
    refused("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9_000) + "\r\n\r\n",
        431, "The request head is too large.");
  }

  @Test
  void http2OverHttp1WasNot505() throws IOException {
    refused("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505, "Only HTTP/1.0 and HTTP/1.1 are supported.");
  }

  @Test
  void aMinorVersionAboveOneWasNot505() throws IOException {
    refused("GET / HTTP/1.2\r\nHost: x\r\n\r\n", 505, "Only HTTP/1.0 and HTTP/1.1 are supported.");
  }

  @Test
  void aProtocolOtherThanHttpReachedTheApplicationAsABadRequest() throws IOException {
    refused("GET / FTP/1.1\r\nHost: x\r\n\r\n", 400, "The request could not be parsed.");
  }

  @Test
  void aProtocolErrorBehindAPipelinedRequestWaitsForItsResponse() throws Exception {
    try (RawClient client = server.connect()) {
      client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
          + "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n"
          + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
      server.app.answerParked();

      assertThat(client.read().status()).isEqualTo(200);
      RawClient.Response refused = client.read();
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.headers()).containsEntry("connection", "close");
      assertThat(client.closedByServer()).isTrue();
    }
    assertThat(server.app.seen).containsExactly("GET /slow");
  }

  @Test
  void aWellFramedChunkedRequestStillPassesAndKeepsTheConnection() throws IOException {
    try (RawClient client = server.connect()) {
      client.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
      assertThat(client.read().status()).isEqualTo(200);
      client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
      assertThat(client.read().status()).isEqualTo(200);
    }
    assertThat(server.app.seen).containsExactly("POST /upload", "POST /upload");
  }
}
