package dev.bulwark.examples.scenario;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The scenario's progress bar. On a terminal it redraws one line in place every second of the run
 * ({@code \r}); elsewhere (a log, a pipe, a test) it prints a line at each quarter of the run, so
 * the output stays short and readable:
 *
 * <pre>
 * [#######################-------]  75%  15.0/20.0 s  812 requests
 * </pre>
 *
 * <p>Not thread-safe: driven by the scenario's sending thread only.
 */
final class Progress {

  static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final int totalTicks;
  private int quartersShown;

  Progress(PrintStream out, boolean terminal, int totalTicks) {
    this.out = out;
    this.terminal = terminal;
    this.totalTicks = totalTicks;
  }

  /** Called after each tick with the ticks done so far and the requests sent so far. */
  void update(int ticksDone, long sent) {
    if (terminal) {
      if (ticksDone % TrafficPlan.TICKS_PER_SECOND == 0 || ticksDone == totalTicks) {
        out.print("\r" + line(ticksDone, totalTicks, sent));
        out.flush();
      }
      return;
    }
    int quarters = (int) ((long) ticksDone * 4 / totalTicks);
    if (quarters > quartersShown) {
      quartersShown = quarters;
      out.print(line(ticksDone, totalTicks, sent) + "\n");
      out.flush();
    }
  }

  /** Ends the bar's line on a terminal. */
  void finish() {
    if (terminal) {
      out.print("\n");
      out.flush();
    }
  }

  static String line(int ticksDone, int totalTicks, long sent) {
    int filled = (int) ((long) ticksDone * WIDTH / totalTicks);
    double seconds = (double) ticksDone / TrafficPlan.TICKS_PER_SECOND;
    double total = (double) totalTicks / TrafficPlan.TICKS_PER_SECOND;
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
        + String.format(Locale.ROOT, "%3d%%  %.1f/%.1f s  %d requests",
            (int) ((long) ticksDone * 100 / totalTicks), seconds, total, sent);
  }
}
