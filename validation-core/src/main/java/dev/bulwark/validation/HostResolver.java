package dev.bulwark.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to its addresses, for {@link UrlPolicy#check(String, String)} and
 * {@link UrlPolicy#resolve(String, String)} (which calls it once per URL and hands its answers to the
 * caller to connect to). Inject a fake in tests; use {@link #system()} in production. An
 * implementation is called from any thread and must be thread-safe; any exception it throws
 * refuses the URL with {@link Violation.Code#URL_UNRESOLVABLE}.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * Resolves {@code host}.
   *
   * @param host a lower-case host name (never an IP literal)
   * @return every A and AAAA answer
   * @throws UnknownHostException if the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /**
   * Returns the resolver of the JVM ({@link InetAddress#getAllByName(String)}), which blocks and
   * uses the JVM's DNS cache.
   *
   * @return the system resolver
   */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
