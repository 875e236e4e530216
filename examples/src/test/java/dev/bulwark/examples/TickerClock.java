package dev.bulwark.examples;

import dev.bulwark.core.ManualTicker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A wall clock that reads {@code base} plus a manual ticker's reading, for exact timestamps. */
public final class TickerClock extends Clock {

  private final Instant base;
  private final ManualTicker ticker;

  public TickerClock(Instant base, ManualTicker ticker) {
    this.base = base;
    this.ticker = ticker;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return base.plusNanos(ticker.read());
  }
}
