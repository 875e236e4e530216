package dev.bulwark.examples;

import dev.bulwark.core.ManualTicker;
import java.net.URI;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * A {@link DemoGateway} served by a real server on 127.0.0.1 and a free port, for tests: the edge,
 * its limiters and breakers and the chat pipeline run on a {@link ManualTicker} (limits never
 * refill during a test unless it advances the ticker); delayed work (stream holds, upstream
 * latency) runs on a real scheduler.
 */
final class RunningDemo implements AutoCloseable {

  /** Starts the server for a gateway on 127.0.0.1 and a free port. */
  @FunctionalInterface
  interface Server {
    DemoServer start(DemoGateway gateway) throws Exception;
  }

  final ManualTicker ticker = new ManualTicker();
  final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2);
  final DemoGateway gateway;
  final DemoServer server;
  final URI base;

  RunningDemo(Server servers, Consumer<DemoGateway.Builder> setup) throws Exception {
    scheduler.setRemoveOnCancelPolicy(true);
    DemoGateway.Builder b = DemoGateway.builder(scheduler).ticker(ticker);
    setup.accept(b);
    gateway = b.build();
    try {
      server = servers.start(gateway);
    } catch (Exception e) {
      gateway.close();
      scheduler.shutdownNow();
      throw e;
    }
    base = URI.create("http://127.0.0.1:" + server.port() + "/");
  }

  String url(String pathAndQuery) {
    return base.resolve(pathAndQuery.substring(1)).toString();
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      gateway.close();
      scheduler.shutdownNow();
    }
  }
}
