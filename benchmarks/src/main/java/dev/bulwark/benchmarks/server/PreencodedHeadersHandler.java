package dev.bulwark.benchmarks.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;

/**
 * {@link RouteFields} on every outgoing {@link HttpResponse} in the cheapest way Netty's public API
 * offers, with no decision: names and values are {@link AsciiString}s (hashed once, copied by the
 * encoder as bytes), validated once into headers of Netty's default class, and added to each
 * response in one {@link HttpHeaders#add(HttpHeaders)}, which copies the entries without
 * validating them again. Each name is removed first (so that the fields replace, as {@code set}
 * does), and so are {@link ApiHeaders#REMOVED}. The floor under any server that sends these
 * fields. Stateless and {@code @Sharable}.
 */
@ChannelHandler.Sharable
final class PreencodedHeadersHandler extends ChannelOutboundHandlerAdapter {

  private static final AsciiString[] NAMES = ascii(RouteFields.NAMES);
  private static final AsciiString[] REMOVED = ascii(ApiHeaders.REMOVED);
  private static final HttpHeaders FIELDS = fields();

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof HttpResponse) {
      HttpHeaders headers = ((HttpResponse) msg).headers();
      for (AsciiString name : NAMES) {
        headers.remove(name);
      }
      for (AsciiString name : REMOVED) {
        headers.remove(name);
      }
      headers.add(FIELDS);
    }
    super.write(ctx, msg, promise);
  }

  private static HttpHeaders fields() {
    HttpHeaders fields = DefaultHttpHeadersFactory.headersFactory().newHeaders();
    for (int i = 0; i < NAMES.length; i++) {
      fields.add(NAMES[i], AsciiString.cached(RouteFields.VALUES[i]));
    }
    return fields;
  }

  private static AsciiString[] ascii(String[] strings) {
    AsciiString[] out = new AsciiString[strings.length];
    for (int i = 0; i < strings.length; i++) {
      out[i] = AsciiString.cached(strings[i]);
    }
    return out;
  }
}
