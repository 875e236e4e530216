package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** The owned-cell counter loses no increment, whatever the threads do and whenever it is read. */
class OwnedCounterTest {

  @Test
  void oneThreadCountsExactly() {
    OwnedCounter counter = new OwnedCounter();
    for (int i = 0; i < 1_000; i++) {
      counter.increment();
    }
    assertThat(counter.sum()).isEqualTo(1_000);
    assertThat(counter).hasToString("1000");
  }

  @Test
  void manyThreadsAtOnceCountExactlyWhileAReaderSumsAndFreesCells() throws Exception {
    OwnedCounter counter = new OwnedCounter();
    int threads = OwnedCounter.CELLS + 8; // more than the cells: some threads share the adder
    int each = 100_000;
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong lastSeen = new AtomicLong();
    Thread reader = new Thread(() -> {
      while (running.get()) {
        long sum = counter.sum();
        assertThat(sum).isGreaterThanOrEqualTo(lastSeen.get()); // never goes back
        lastSeen.set(sum);
      }
    });
    reader.start();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        awaitQuietly(go);
        for (int i = 0; i < each; i++) {
          counter.increment();
        }
      });
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    running.set(false);
    reader.join();

    assertThat(counter.sum()).isEqualTo((long) threads * each);
  }

  @Test
  void manyThreadsAddingAmountsSumExactly() throws Exception {
    OwnedCounter counter = new OwnedCounter();
    int threads = OwnedCounter.CELLS + 4; // more than the cells: owners add in their cells, the others in the adder
    int each = 50_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    long expected = 0;
    for (int t = 0; t < threads; t++) {
      long amount = 1_000_003L * (t + 1); // durations in nanoseconds, different per thread
      expected += amount * each;
      Thread worker = new Thread(() -> {
        awaitQuietly(go);
        for (int i = 0; i < each; i++) {
          counter.add(amount);
        }
      });
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(counter.sum()).isEqualTo(expected);
  }

  @Test
  void volatileUpdatesUpOnSomeThreadsAndDownOnOthersSumToZero() throws Exception {
    OwnedCounter counter = new OwnedCounter();
    int pairs = OwnedCounter.CELLS / 2 + 2; // more threads than cells: owners and the adder both count
    int each = 50_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 2 * pairs; t++) {
      long step = t % 2 == 0 ? 1 : -1; // an in-flight count: in on one thread, out on another
      Thread worker = new Thread(() -> {
        awaitQuietly(go);
        for (int i = 0; i < each; i++) {
          counter.addVolatile(step);
        }
      });
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(counter.sum()).isZero();
    counter.addVolatile(3);
    counter.add(-1);
    assertThat(counter.sum()).isEqualTo(2);
  }

  @Test
  void tallyCountsOneAndAddsTheAmountToTheSecondLaneOnly() {
    OwnedCounter counter = new OwnedCounter();
    counter.tally(250);
    counter.tally(750);
    counter.increment();

    assertThat(counter.sum()).isEqualTo(3);
    assertThat(counter.total()).isEqualTo(1_000);
  }

  @Test
  void manyThreadsTallyingSumCountsAndTotalsExactly() throws Exception {
    OwnedCounter counter = new OwnedCounter();
    int threads = OwnedCounter.CELLS + 4; // more than the cells: owners tally in their cells, the others in the adders
    int each = 50_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    long expected = 0;
    for (int t = 0; t < threads; t++) {
      long amount = 1_000_003L * (t + 1);
      expected += amount * each;
      Thread worker = new Thread(() -> {
        awaitQuietly(go);
        for (int i = 0; i < each; i++) {
          counter.tally(amount);
        }
      });
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(counter.sum()).isEqualTo((long) threads * each);
    assertThat(counter.total()).isEqualTo(expected);
  }

  @Test
  void cellsOfTerminatedThreadsPassTheirTotalsOnToTheirNextOwners() throws Exception {
    OwnedCounter counter = new OwnedCounter();
    long expectedCount = 0;
    long expectedTotal = 0;
    for (int wave = 0; wave < 50; wave++) {
      List<Thread> started = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        long amount = wave * 10L + t + 1;
        expectedCount += 100;
        expectedTotal += 100 * amount;
        Thread thread = new Thread(() -> {
          for (int i = 0; i < 100; i++) {
            counter.tally(amount);
          }
        });
        thread.start();
        started.add(thread);
      }
      for (Thread thread : started) {
        thread.join();
      }
      assertThat(counter.sum()).isEqualTo(expectedCount); // frees the cells of the ended threads
      assertThat(counter.total()).isEqualTo(expectedTotal);
    }
  }

  @Test
  void cellsOfTerminatedThreadsPassTheirCountsOnToTheirNextOwners() throws Exception {
    OwnedCounter counter = new OwnedCounter();
    long expected = 0;
    // Waves of short-lived threads: each wave's threads die, a sum frees their cells, and the next
    // wave claims them and continues from their values.
    for (int wave = 0; wave < 50; wave++) {
      int base = 1_000 + wave * 10;
      expected += incrementInThreadsThatEnd(counter, 6, t -> base + t);
      assertThat(counter.sum()).isEqualTo(expected);
    }
    // Sums freed every cell whose owner ended, so the current thread can own one now.
    counter.increment();
    assertThat(counter.sum()).isEqualTo(expected + 1);
  }

  @Test
  void churningThreadsCountExactlyWhileSumsFreeTheirCellsConcurrently() throws Exception {
    OwnedCounter counter = new OwnedCounter();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread reader = new Thread(() -> {
      while (running.get()) {
        counter.sum();
      }
    });
    reader.start();
    int rounds = 200;
    int perRound = 4;
    int each = 2_000;
    for (int round = 0; round < rounds; round++) {
      incrementInThreadsThatEnd(counter, perRound, t -> each);
    }
    running.set(false);
    reader.join();

    assertThat(counter.sum()).isEqualTo((long) rounds * perRound * each);
  }

  /**
   * Starts {@code threads} threads, thread t incrementing {@code counts.applyAsInt(t)} times, and
   * waits until all have ended.
   *
   * @return the increments made
   */
  private static long incrementInThreadsThatEnd(OwnedCounter counter, int threads, IntUnaryOperator counts)
      throws InterruptedException {
    List<Thread> started = new ArrayList<>();
    long total = 0;
    for (int t = 0; t < threads; t++) {
      int n = counts.applyAsInt(t);
      total += n;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < n; i++) {
          counter.increment();
        }
      });
      thread.start();
      started.add(thread);
    }
    for (Thread thread : started) {
      thread.join();
    }
    return total;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
