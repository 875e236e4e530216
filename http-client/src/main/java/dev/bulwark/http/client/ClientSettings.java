package dev.bulwark.http.client;

import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/** The client-wide time sources every host's policies are built with. Immutable. */
final class ClientSettings {
  final Ticker ticker;
  final Sleeper sleeper;
  final Clock clock;
  final @Nullable DoubleSupplier random;
  final @Nullable ScheduledExecutorService scheduler;

  ClientSettings(
      Ticker ticker,
      Sleeper sleeper,
      Clock clock,
      @Nullable DoubleSupplier random,
      @Nullable ScheduledExecutorService scheduler) {
    this.ticker = ticker;
    this.sleeper = sleeper;
    this.clock = clock;
    this.random = random;
    this.scheduler = scheduler;
  }
}
