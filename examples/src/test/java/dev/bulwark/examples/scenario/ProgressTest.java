package dev.bulwark.examples.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void elsewhereItPrintsALineAtEachQuarter() {
    Progress p = new Progress(out, false, 20);
    for (int tick = 1; tick <= 20; tick++) {
      p.update(tick, tick * 2L);
    }
    p.finish();

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("[#######-----------------------]  25%  0.5/2.0 s  10 requests\n"
            + "[###############---------------]  50%  1.0/2.0 s  20 requests\n"
            + "[######################--------]  75%  1.5/2.0 s  30 requests\n"
            + "[##############################] 100%  2.0/2.0 s  40 requests\n");
  }

  @Test
  void onATerminalItRedrawsOneLineEverySecond() {
    Progress p = new Progress(out, true, 25);
    for (int tick = 1; tick <= 25; tick++) {
      p.update(tick, tick);
    }
    p.finish();

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("\r[############------------------]  40%  1.0/2.5 s  10 requests"
            + "\r[########################------]  80%  2.0/2.5 s  20 requests"
            + "\r[##############################] 100%  2.5/2.5 s  25 requests\n");
  }

  @Test
  void aShortRunStillShowsItsQuarters() {
    Progress p = new Progress(out, false, 2);
    p.update(1, 1);
    p.update(2, 3);

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("[###############---------------]  50%  0.1/0.2 s  1 requests\n"
            + "[##############################] 100%  0.2/0.2 s  3 requests\n");
  }
}
