package dev.bulwark.http;

import dev.bulwark.core.internal.IpLiterals;
import java.util.List;

/**
 * Walks a forwarding header from the right and returns the first address not in the trusted set.
 *
 * <h2>Design: why right to left, and where to stop</h2>
 * Each proxy appends the address it received the request from, so the header reads
 * {@code client, proxy1, proxy2} and the TCP peer is the last proxy. Only the elements our own
 * proxies appended can be believed: anything to their left was written by whoever connected to
 * the outermost of them, which may be the client itself. So the walk starts at the right (the
 * peer has already been found trusted by the caller), skips trusted addresses, and returns the
 * first untrusted one: the address that connected to our outermost proxy. A client that sends
 * {@code X-Forwarded-For: 1.2.3.4} gains nothing, because our proxy appends the real address to
 * the right of it, and that is where the walk stops.
 *
 * <p>If an element cannot be read as an address ({@code unknown}, an obfuscated {@code _hidden},
 * a missing {@code for=}, garbage), the walk stops and returns the last trusted address seen, the
 * hop nearest to us that we cannot see past. That element was written by one of our proxies (all
 * hops to its right are trusted), so what lies left of it is unverifiable: skipping over it would
 * hand the client's own claims back as the answer. Returning the trusted proxy instead puts every
 * such client under that proxy's single key, which errs on the side of limiting too much. The same
 * rule ends the walk after {@link #MAX_HOPS} elements, and on an element longer than
 * {@link ForwardedElement#MAX_CHARS}; together these bound the work to about 16 K characters,
 * however long the header is, without ever rejecting a request. If every element is trusted, the
 * leftmost one is the answer (with no header at all, that is the peer).
 *
 * <p>Multiple header lines are one list in the order received (RFC 9110 section 5.3); empty list
 * elements are skipped, as the list rules require, but count towards {@link #MAX_HOPS}.
 */
final class ForwardedChain {

  /** Most list elements examined per request, from the right. */
  static final int MAX_HOPS = 32;

  private ForwardedChain() {}

  /**
   * Returns the client address: the first untrusted hop from the right, in canonical form.
   *
   * @param peer the TCP peer, a valid literal already known to be trusted
   * @param lines the header's field lines in the order received
   * @param rfc7239 {@code true} for {@code Forwarded} syntax, {@code false} for
   *     {@code X-Forwarded-For}
   * @param trusted the trusted proxies
   */
  static String clientOf(String peer, List<String> lines, boolean rfc7239, CidrSet trusted) {
    String lastLine = peer;
    long last = ForwardedNode.pack(0, peer.length());
    int hops = 0;
    for (int l = lines.size() - 1; l >= 0; l--) {
      String line = lines.get(l);
      int end = line.length();
      while (true) {
        if (++hops > MAX_HOPS) {
          return canonical(lastLine, last);
        }
        int comma = ForwardedElement.start(line, end, rfc7239);
        if (comma == ForwardedElement.MALFORMED) {
          return canonical(lastLine, last);
        }
        int from = ForwardedElement.skipWhitespace(line, comma + 1, end);
        int to = ForwardedElement.trimEnd(line, from, end);
        if (from < to) {
          long node = rfc7239 ? ForwardedElement.forValue(line, from, to)
              : ForwardedNode.pack(from, to);
          long address = node == ForwardedNode.NONE ? ForwardedNode.NONE
              : ForwardedNode.address(line, ForwardedNode.from(node), ForwardedNode.to(node));
          if (address == ForwardedNode.NONE) {
            return canonical(lastLine, last);
          }
          Boolean isTrusted = IpLiterals.parse(
              line, ForwardedNode.from(address), ForwardedNode.to(address), trusted);
          if (isTrusted == null) {
            return canonical(lastLine, last);
          }
          if (!isTrusted) {
            return canonical(line, address);
          }
          lastLine = line;
          last = address;
        }
        if (comma < 0) {
          break;
        }
        end = comma;
      }
    }
    return canonical(lastLine, last);
  }

  private static String canonical(String s, long range) {
    return IpLiterals.canonical(s, ForwardedNode.from(range), ForwardedNode.to(range));
  }
}
