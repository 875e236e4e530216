package dev.bulwark.http;

/**
 * A 64-bit hash of a string, printed as 16 hex digits, for capping the length of client-chosen
 * key parts. FNV-1a over the UTF-16 code units, then the MurmurHash3 64-bit finaliser to spread
 * the bits. Not cryptographic: it bounds memory, it does not keep secrets (see {@link RateLimitKey}).
 */
final class KeyHash {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private KeyHash() {}

  static long hash(String s) {
    long h = FNV_OFFSET;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      h = (h ^ (c & 0xff)) * FNV_PRIME;
      h = (h ^ (c >>> 8)) * FNV_PRIME;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  static String hex(String s) {
    String digits = Long.toHexString(hash(s));
    return digits.length() == 16 ? digits : "0".repeat(16 - digits.length()) + digits;
  }
}
