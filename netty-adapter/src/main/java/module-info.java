/**
 * Bulwark for Netty 4.1: {@link dev.bulwark.netty.BulwarkHandler}, a {@code @Sharable} channel
 * handler that runs an http-edge {@link dev.bulwark.http.Edge} in front of an
 * {@code HttpServerCodec} pipeline.
 */
module dev.bulwark.netty {
  requires transitive dev.bulwark.http;
  requires transitive io.netty.transport;
  requires transitive io.netty.codec.http;
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.codec;
  requires io.netty.handler;
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports dev.bulwark.netty;
}
