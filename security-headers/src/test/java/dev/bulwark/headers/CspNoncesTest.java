package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CspNoncesTest {

  /**
   * A generator whose every 16-byte slot holds a number never given before, so that a nonce seen
   * twice can only mean a slot handed out twice. Counts its calls.
   */
  private static final class CountingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private long counter;
    int calls;

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      calls++;
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.remaining() >= 16) {
        buffer.putLong(0x5EED_0000_0000_0000L).putLong(++counter);
      }
    }
  }

  @Test
  void encodesAsTheJdkEncoderDoes() {
    SplittableRandom random = new SplittableRandom(7);
    byte[] bytes = new byte[64];
    for (int i = 0; i < 10_000; i++) {
      random.nextBytes(bytes);
      int offset = random.nextInt(bytes.length - 15);
      byte[] slice = Arrays.copyOfRange(bytes, offset, offset + 16);
      assertThat(CspNonces.encode(bytes, offset)).isEqualTo(Base64.getEncoder().encodeToString(slice));
    }
  }

  @Test
  void asksTheGeneratorOncePerBlock() {
    CountingRandom random = new CountingRandom();
    CspNonces nonces = new CspNonces(random);
    Set<String> seen = new HashSet<>();
    int n = 10 * CspNonces.PER_BLOCK + 1;
    for (int i = 0; i < n; i++) {
      String nonce = nonces.next();
      assertThat(Base64.getDecoder().decode(nonce)).hasSize(CspNonces.BYTES);
      seen.add(nonce);
    }
    assertThat(seen).hasSize(n);
    assertThat(random.calls).isEqualTo(11);
  }

  @Test
  void noSlotIsHandedOutTwiceUnderContention() throws Exception {
    CountingRandom random = new CountingRandom();
    CspNonces nonces = new CspNonces(random);
    int threads = 8;
    int each = 20_000;
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          int duplicates = 0;
          for (int i = 0; i < each; i++) {
            if (!seen.add(nonces.next())) {
              duplicates++;
            }
          }
          return duplicates;
        }));
      }
      start.countDown();
      for (Future<Integer> f : done) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(threads * each);
    // Concurrent refills may drop part of a block, never more than one block per refill.
    assertThat(random.calls).isBetween(threads * each / CspNonces.PER_BLOCK, threads * each);
  }

  @Test
  void theSharedSourceGivesFresh128BitNonces() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 5 * CspNonces.PER_BLOCK; i++) {
      String nonce = CspNonces.SHARED.next();
      assertThat(nonce).hasSize(24).endsWith("==");
      assertThat(Base64.getDecoder().decode(nonce)).hasSize(16);
      seen.add(nonce);
    }
    assertThat(seen).hasSize(5 * CspNonces.PER_BLOCK);
  }
}
