package dev.bulwark.examples.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {

  private static LatencySamples of(long... values) {
    LatencySamples s = new LatencySamples();
    for (long v : values) {
      s.add(v);
    }
    return s;
  }

  @Test
  void nearestRankPercentilesAreRecordedValues() {
    LatencySamples four = of(4, 1, 3, 2);
    assertThat(four.percentile(50)).isEqualTo(2); // rank ceil(2.0) = 2
    assertThat(four.percentile(50.1)).isEqualTo(3); // rank ceil(2.004) = 3
    assertThat(four.percentile(99)).isEqualTo(4); // rank ceil(3.96) = 4
    assertThat(four.percentile(25)).isEqualTo(1);
    assertThat(four.percentile(100)).isEqualTo(4);
  }

  @Test
  void oneToAHundred() {
    LatencySamples s = new LatencySamples();
    for (long v = 100; v >= 1; v--) {
      s.add(v);
    }
    assertThat(s.size()).isEqualTo(100);
    assertThat(s.percentile(50)).isEqualTo(50);
    assertThat(s.percentile(99)).isEqualTo(99);
    assertThat(s.percentile(0.001)).isEqualTo(1);
  }

  @Test
  void aSingleSampleIsEveryPercentileAndNoneIsMinusOne() {
    assertThat(of(7).percentile(1)).isEqualTo(7);
    assertThat(of(7).percentile(99)).isEqualTo(7);
    assertThat(new LatencySamples().percentile(50)).isEqualTo(-1);
  }

  @Test
  void growsAndMerges() {
    LatencySamples a = new LatencySamples();
    for (int i = 0; i < 1000; i++) {
      a.add(i);
    }
    LatencySamples b = of(5000);
    b.addAll(a);

    assertThat(b.size()).isEqualTo(1001);
    assertThat(b.percentile(100)).isEqualTo(5000);
    assertThat(b.percentile(50)).isEqualTo(500); // rank ceil(500.5) = 501: the value 500
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> of(1).percentile(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percent must be in (0, 100] but was 0.0");
    assertThatThrownBy(() -> of(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a latency must be >= 0 but was -1");
  }
}
