package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.validation.InputPolicy;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checking a clean query value allocates nothing of its own: the gate asks
 * {@link InputPolicy#violations} rather than building a {@code ValidationResult}.
 */
class ValidationAllocationTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int CALLS = 50_000;

  @Test
  void cleanValueCostsLessThanOneSmallObjectPerCall() {
    InputPolicy policy = InputPolicy.forQueries();
    int sink = 0;
    for (int i = 0; i < CALLS; i++) {
      sink += policy.violations("q", "hello world").size();
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < CALLS; i++) {
      sink += policy.violations("q", "hello world").size();
    }
    long perCall = (THREADS.getCurrentThreadAllocatedBytes() - before) / CALLS;
    assertThat(sink).isZero();
    // The sink object (16 bytes) is all that may remain when escape analysis does not remove it.
    assertThat(perCall).isLessThanOrEqualTo(16);
    assertThat(policy.violations("q", "hello world")).isSameAs(List.of());
  }
}
