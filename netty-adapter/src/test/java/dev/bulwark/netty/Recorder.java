package dev.bulwark.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * The application of the EmbeddedChannel tests: it keeps every message and exception it receives
 * (the test releases the messages), and answers nothing; tests write the responses themselves.
 */
final class Recorder extends ChannelInboundHandlerAdapter {

  final List<Object> received = new ArrayList<>();
  final List<Throwable> exceptions = new ArrayList<>();

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    received.add(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    exceptions.add(cause);
  }
}
