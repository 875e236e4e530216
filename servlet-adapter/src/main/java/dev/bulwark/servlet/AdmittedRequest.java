package dev.bulwark.servlet;

import dev.bulwark.http.EdgeExchange;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;

/**
 * The admitted request as the filter passes it on: {@link BulwarkFilter#EXCHANGE_ATTRIBUTE} and
 * {@link BulwarkFilter#CSP_NONCE_ATTRIBUTE} are answered from two fields instead of being set on the
 * container's request, whose attribute map (a {@code ConcurrentHashMap} on Jetty 12, created by
 * the first {@code setAttribute}) a plain request never needs otherwise.
 *
 * <p>The attributes must stay visible where a request reaches the application without passing
 * through this wrapper: an asynchronous request's {@code AsyncContext.getRequest()} and its
 * {@code ASYNC} dispatches (after a plain {@code startAsync()}, the container's own request), and
 * an {@code ERROR} dispatch to an error page. So they are set on the wrapped request
 * ({@link #store()}) before any of those can happen: when the application starts asynchronous
 * processing through this request, when the filter sees an error status or an exception leave the
 * chain, and when the application touches the attributes themselves ({@code setAttribute},
 * {@code removeAttribute} of these names, {@code getAttributeNames()}), after which the wrapped
 * request alone answers. Forwards and includes wrap this request, so they see the fields.
 *
 * <p>On Jetty 12, the attribute Jetty's servlet handler asks of every wrapped request, at the end
 * of the chain, is read from the layer of Jetty's request that holds it ({@link JettyChannelAttribute}):
 * the same value, found without the lookups of the layers that cannot hold it.
 *
 * <p>Used by the request's threads one at a time, as the request is; {@link #store()} is
 * idempotent.
 */
final class AdmittedRequest extends HttpServletRequestWrapper {

  /**
   * On Jetty 12, the name instance Jetty's servlet handler asks this request for at the end of the
   * chain ({@link JettyChannelAttribute#NAME}: {@code Class.getName()}'s, the same instance on every
   * call), answered by {@link JettyChannelAttribute} with the same value; null elsewhere.
   */
  private static final @Nullable String JETTY_CHANNEL = JettyEe10.AVAILABLE ? JettyChannelAttribute.NAME : null;

  private final EdgeExchange exchange;
  private final @Nullable String nonce;
  /** Whether the attributes were set on the wrapped request, which then answers for them. */
  private volatile boolean stored;

  AdmittedRequest(HttpServletRequest request, EdgeExchange exchange) {
    super(request);
    this.exchange = exchange;
    this.nonce = exchange.cspNonce();
  }

  private static boolean ours(String name) {
    return BulwarkFilter.EXCHANGE_ATTRIBUTE.equals(name) || BulwarkFilter.CSP_NONCE_ATTRIBUTE.equals(name);
  }

  /** Sets the attributes on the wrapped request, once: from then on it answers for them. */
  void store() {
    if (stored) {
      return;
    }
    ServletRequest request = getRequest();
    request.setAttribute(BulwarkFilter.EXCHANGE_ATTRIBUTE, exchange);
    if (nonce != null) {
      request.setAttribute(BulwarkFilter.CSP_NONCE_ATTRIBUTE, nonce);
    }
    stored = true;
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // the instance Jetty passes; another one is asked as before
  public @Nullable Object getAttribute(String name) {
    if (!stored) {
      if (BulwarkFilter.EXCHANGE_ATTRIBUTE.equals(name)) {
        return exchange;
      }
      if (nonce != null && BulwarkFilter.CSP_NONCE_ATTRIBUTE.equals(name)) {
        return nonce;
      }
    }
    if (JETTY_CHANNEL != null && name == JETTY_CHANNEL) { // Jetty's servlet handler: JettyChannelAttribute
      Object value = JettyChannelAttribute.value(getRequest());
      if (value != JettyChannelAttribute.UNANSWERED) {
        return value;
      }
    }
    return super.getAttribute(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    store();
    return super.getAttributeNames();
  }

  @Override
  public void setAttribute(String name, @Nullable Object value) {
    if (ours(name)) {
      store();
    }
    super.setAttribute(name, value);
  }

  @Override
  public void removeAttribute(String name) {
    if (ours(name)) {
      store();
    }
    super.removeAttribute(name);
  }

  @Override
  public AsyncContext startAsync() {
    store();
    return super.startAsync();
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    store();
    return super.startAsync(request, response);
  }
}
