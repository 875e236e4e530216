package dev.bulwark.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowMathTest {

  @Test
  void mulDivFloorIsExactBeyond64BitProducts() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      long a = random.nextLong(1L << 31);
      long c = 1 + random.nextLong(Long.MAX_VALUE);
      long b = random.nextLong(c); // b < c keeps the quotient below a
      assertThat(WindowMath.mulDivFloor(a, b, c)).as("%d * %d / %d", a, b, c).isEqualTo(exact(a, b, c));
    }
    long max = Long.MAX_VALUE;
    assertThat(WindowMath.mulDivFloor((1L << 31) - 1, max - 1, max)).isEqualTo(exact((1L << 31) - 1, max - 1, max));
    assertThat(WindowMath.mulDivFloor(0, max - 1, max)).isZero();
    assertThat(WindowMath.mulDivFloor(7, 0, 3)).isZero();
  }

  @Test
  void mulDivSmallIsExactWhereverTheQuotientFits() {
    SplittableRandom random = new SplittableRandom(7);
    int checked = 0;
    while (checked < 100_000) {
      long a = random.nextLong(1L << 31);
      long b = random.nextLong(Long.MAX_VALUE);
      long c = 1 + random.nextLong((1L << 31) - 1);
      BigInteger quotient = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c));
      if (quotient.bitLength() < 63) {
        assertThat(WindowMath.mulDivSmall(a, b, c)).isEqualTo(quotient.longValueExact());
        checked++;
      }
    }
  }

  @Test
  void bitsForCountsTheBitsOfTheLargestValue() {
    assertThat(WindowMath.bitsFor(1)).isEqualTo(1);
    assertThat(WindowMath.bitsFor(7)).isEqualTo(3);
    assertThat(WindowMath.bitsFor(8)).isEqualTo(4);
    assertThat(WindowMath.bitsFor(Long.MAX_VALUE)).isEqualTo(63);
  }

  private static long exact(long a, long b, long c) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
  }
}
