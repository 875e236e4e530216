package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {

  /** Counts how many bytes were taken from the source. */
  private static final class Source extends InputStream {
    private final long size;
    long taken;

    Source(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      if (taken >= size) {
        return -1;
      }
      taken++;
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (taken >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - taken);
      taken += n;
      return n;
    }
  }

  @Test
  void readsABodyWithinTheLimit() throws IOException {
    try (LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[100]), 100)) {
      assertThat(in.readAllBytes()).hasSize(100);
      assertThat(in.count()).isEqualTo(100);
      assertThat(in.maxBytes()).isEqualTo(100);
    }
  }

  @Test
  void failsAsSoonAsTheLimitIsPassedWithoutReadingTheRest() {
    Source source = new Source(10_000_000);
    LimitedInputStream in = new LimitedInputStream(source, 1000);
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(InputTooLargeException.class)
        .hasMessage("input larger than 1000 bytes")
        .satisfies(e -> assertThat(((InputTooLargeException) e).maxBytes()).isEqualTo(1000));
    assertThat(source.taken).isEqualTo(1001);
  }

  @Test
  void singleByteReadsCountToo() throws IOException {
    LimitedInputStream in = new LimitedInputStream(new Source(10), 2);
    assertThat(in.read()).isEqualTo('x');
    assertThat(in.read()).isEqualTo('x');
    assertThatThrownBy(in::read).isInstanceOf(InputTooLargeException.class);
  }

  @Test
  void skippingCounts() throws IOException {
    Source source = new Source(10_000);
    LimitedInputStream in = new LimitedInputStream(source, 10);
    assertThatThrownBy(() -> in.skip(5_000)).isInstanceOf(InputTooLargeException.class);
    assertThat(source.taken).isEqualTo(11);
  }

  @Test
  void exactlyTheLimitIsFine() throws IOException {
    LimitedInputStream in = new LimitedInputStream(new Source(5), 5);
    assertThat(in.readAllBytes()).hasSize(5);
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void markIsNotSupported() {
    LimitedInputStream in = new LimitedInputStream(new Source(5), 5);
    in.mark(1);
    assertThat(in.markSupported()).isFalse();
    assertThatThrownBy(in::reset).isInstanceOf(IOException.class).hasMessage("mark/reset not supported");
  }

  @Test
  void inputPolicyLimitsBodiesWithItsByteLimit() {
    Source source = new Source(1_000_000);
    InputStream in = InputPolicy.builder().maxBytes(64).build().limit(source);
    assertThatThrownBy(in::readAllBytes).isInstanceOf(InputTooLargeException.class);
    assertThat(source.taken).isEqualTo(65);
  }

  @Test
  void rejectsANegativeLimit() {
    assertThatIllegalArgumentException().isThrownBy(() -> new LimitedInputStream(new Source(1), -1))
        .withMessage("maxBytes must be >= 0 but was -1");
  }
}
