package dev.bulwark.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /api/documents}: "stores" the body and answers 201
 * {@code {"id":"doc-N","size":bytes,"contentType":"..."}} (the request's Content-Type as received,
 * or {@code application/octet-stream} without one). Size and type limits (413, 415) are the edge's.
 */
final class DocumentsHandler implements DemoHandler {

  private final AtomicLong ids = new AtomicLong();

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    ObjectNode body = Json.object();
    body.put("id", "doc-" + ids.incrementAndGet());
    body.put("size", request.bodyLength());
    body.put("contentType", request.contentType().orElse("application/octet-stream"));
    return CompletableFuture.completedFuture(Json.response(201, body));
  }
}
