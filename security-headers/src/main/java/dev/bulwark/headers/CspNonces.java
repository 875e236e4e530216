package dev.bulwark.headers;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default source of CSP nonces: 128 bits each from a cryptographically strong generator,
 * base64-encoded with padding (24 characters), with no lock on the common path.
 *
 * <h2>Design: blocks of random bytes, handed out once each</h2>
 * A response used to draw its 16 bytes from a {@code new SecureRandom()}: on Linux that is
 * {@code NativePRNG}, whose {@code nextBytes} takes a lock shared by every instance in the JVM,
 * runs a SHA1PRNG step and reads {@code /dev/urandom} (a system call) for every 32 bytes: a few
 * microseconds per response, and a point where request threads queue. Here one generator fills a
 * block of {@value #PER_BLOCK} nonces at once (the only lock, once per block), and each nonce
 * takes the next 16-byte slot of the current block with one atomic increment. Slots are never
 * handed out twice: an increment gives each caller its own slot number, a block is written
 * completely before it is published (through a volatile field) and never written again, and the
 * caller that finds the block used up fills a new one, keeps its first slot for itself and
 * publishes it. When two callers fill blocks at once, the block published last stays current and
 * the unused slots of the other are dropped: bytes may be wasted, never reused.
 * Nothing is derived from a nonce already given out, so one nonce says nothing about another.
 *
 * <p>The generator is the JDK's {@code DRBG} (NIST SP 800-90A Hash_DRBG with SHA-256 at 128-bit
 * strength by default), seeded by the JDK from the operating system's entropy source, falling
 * back to {@code new SecureRandom()} where DRBG is not available. Unpredictability is the
 * generator's: bytes fetched in advance are as unpredictable as bytes fetched on demand, and they
 * sit in this process's memory as the generator's own state does. The block is shared by all
 * threads, so virtual threads (a new thread per request) pay nothing extra.
 *
 * <p>Thread-safe.
 */
final class CspNonces {

  /** Random bytes per nonce: 128 bits. */
  static final int BYTES = 16;
  /** Nonces per block: the generator is called (and its lock taken) once per this many. */
  static final int PER_BLOCK = 64;

  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

  private final SecureRandom random;
  private volatile Block current;

  /** The shared source behind every policy whose builder was not given a {@code SecureRandom}. */
  static final CspNonces SHARED = new CspNonces(strongGenerator());

  CspNonces(SecureRandom random) {
    this.random = random;
    this.current = new Block(); // empty: the first call fills one
    this.current.next.set(PER_BLOCK);
  }

  private static SecureRandom strongGenerator() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  /**
   * Returns a fresh nonce.
   *
   * @return 16 random bytes as 24 base64 characters ({@code A-Z a-z 0-9 + /}, then {@code ==})
   */
  String next() {
    Block b = current;
    int slot = b.next.getAndIncrement();
    if (slot < PER_BLOCK) {
      return encode(b.bytes, slot * BYTES);
    }
    Block fresh = new Block();
    random.nextBytes(fresh.bytes);
    fresh.next.set(1); // slot 0 is this caller's
    current = fresh;
    return encode(fresh.bytes, 0);
  }

  /**
   * Encodes 16 bytes as standard base64 with padding, as {@code Base64.getEncoder()} does.
   *
   * @param bytes the bytes
   * @param offset where the 16 bytes start
   * @return 24 characters
   */
  static String encode(byte[] bytes, int offset) {
    byte[] out = new byte[24];
    int o = 0;
    for (int i = offset; i < offset + 15; i += 3) {
      int bits = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff);
      out[o++] = ALPHABET[bits >>> 18];
      out[o++] = ALPHABET[(bits >>> 12) & 0x3f];
      out[o++] = ALPHABET[(bits >>> 6) & 0x3f];
      out[o++] = ALPHABET[bits & 0x3f];
    }
    int last = bytes[offset + 15] & 0xff;
    out[20] = ALPHABET[last >>> 2];
    out[21] = ALPHABET[(last & 0x3) << 4];
    out[22] = '=';
    out[23] = '=';
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** {@value #PER_BLOCK} nonces' worth of random bytes and the number of slots taken. */
  private static final class Block {
    final byte[] bytes = new byte[PER_BLOCK * BYTES];
    final AtomicInteger next = new AtomicInteger();
  }
}
