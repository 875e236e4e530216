package dev.bulwark.examples;

/** The demo's routes and policies served by Jetty through the servlet adapter. */
class JettyDemoServerTest extends DemoServerContract {

  @Override
  RunningDemo.Server server() {
    return gateway -> JettyDemoServer.start("127.0.0.1", 0, gateway);
  }
}
