package dev.bulwark.ratelimit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Lua script of this module, read from its resource file (with its includes expanded, see
 * {@link #withIncludes}), with its SHA-1 digest computed here:
 * EVALSHA can then run it without a prior SCRIPT LOAD, and {@link ScriptRunner} loads it only when
 * a server answers NOSCRIPT. Immutable.
 */
final class LuaScript {

  static final LuaScript RATE_LIMIT = load("rate_limit.lua");
  static final LuaScript CONCURRENCY_ACQUIRE = load("concurrency_acquire.lua");
  static final LuaScript CONCURRENCY_RELEASE = load("concurrency_release.lua");
  static final LuaScript CONCURRENCY_COUNT = load("concurrency_count.lua");
  static final LuaScript HIERARCHY = load("hierarchy.lua");

  /** The start of a line that {@link #withIncludes} replaces by the named resource's text. */
  static final String INCLUDE = "-- #include ";

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
    return new LuaScript(file, withIncludes(read(file), file).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The text with each line {@code -- #include NAME} replaced by the resource {@code NAME}'s text
   * (itself not expanded further): how {@code rate_limit.lua} and {@code hierarchy.lua} share
   * {@code level.lua}'s per-key code. The digest is the expanded text's, as the server sees it.
   *
   * @throws IllegalStateException if an included resource is missing
   */
  static String withIncludes(String text, String file) {
    StringBuilder out = new StringBuilder(text.length() * 2);
    int at = 0;
    while (at < text.length()) {
      int end = text.indexOf('\n', at);
      int next = end < 0 ? text.length() : end + 1;
      String line = text.substring(at, end < 0 ? text.length() : end);
      if (line.startsWith(INCLUDE)) {
        String included = line.substring(INCLUDE.length()).trim();
        if (included.isEmpty() || included.equals(file)) {
          throw new IllegalStateException(file + ": bad include line '" + line + "'");
        }
        out.append(read(included));
        if (out.charAt(out.length() - 1) != '\n') {
          out.append('\n');
        }
      } else {
        out.append(text, at, next);
      }
      at = next;
    }
    return out.toString();
  }

  private static String read(String file) {
    try (InputStream in = LuaScript.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + file + " next to " + LuaScript.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
