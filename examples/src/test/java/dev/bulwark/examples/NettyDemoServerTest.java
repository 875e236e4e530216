package dev.bulwark.examples;

/** The demo's routes and policies served by Netty through the Netty adapter. */
class NettyDemoServerTest extends DemoServerContract {

  @Override
  RunningDemo.Server server() {
    return gateway -> NettyDemoServer.start("127.0.0.1", 0, gateway);
  }
}
