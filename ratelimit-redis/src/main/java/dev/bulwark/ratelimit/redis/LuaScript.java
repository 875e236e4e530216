package dev.bulwark.ratelimit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Lua script of this module, read from its resource file, with its SHA-1 digest computed here:
 * EVALSHA can then run it without a prior SCRIPT LOAD, and {@link ScriptRunner} loads it only when
 * a server answers NOSCRIPT. Immutable.
 */
final class LuaScript {

  static final LuaScript RATE_LIMIT = load("rate_limit.lua");
  static final LuaScript CONCURRENCY_ACQUIRE = load("concurrency_acquire.lua");
  static final LuaScript CONCURRENCY_RELEASE = load("concurrency_release.lua");
  static final LuaScript CONCURRENCY_COUNT = load("concurrency_count.lua");
  static final LuaScript HIERARCHY = load("hierarchy.lua");

  private final String file;
  private final byte[] source;
  private final byte[] sha1;

  private LuaScript(String file, byte[] source) {
    this.file = file;
    this.source = source;
    this.sha1 = hexSha1(source).getBytes(StandardCharsets.US_ASCII);
  }

  /** Does nothing; calling it initialises this class, which reads and hashes every script. */
  static void initialize() {}

  private static LuaScript load(String file) {
    try (InputStream in = LuaScript.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + file + " next to " + LuaScript.class);
      }
      return new LuaScript(file, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String hexSha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-1", e);
    }
  }

  /** The script's text, for SCRIPT LOAD. Not a copy: callers must not modify it. */
  byte[] source() {
    return source;
  }

  /** The lower-case hex SHA-1 of the text, for EVALSHA. Not a copy: callers must not modify it. */
  byte[] sha1() {
    return sha1;
  }

  /** The hex SHA-1 as text. */
  String sha1Hex() {
    return new String(sha1, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "LuaScript[" + file + ", " + sha1Hex() + "]";
  }
}
