package dev.bulwark.http.client;

import dev.bulwark.retry.Retry;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.function.Predicate;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Which failures of an attempt are worth another attempt.
 *
 * <ul>
 *   <li>{@link #TRANSIENT}, for requests that may be repeated: every I/O failure and timeout that
 *       {@link Retry#defaultRetryOn()} retries (connection refused or reset, a closed stream,
 *       {@link java.net.http.HttpTimeoutException}), except a failed TLS handshake or an
 *       unverified peer, which the next attempt would meet again (a bad certificate is not
 *       transient), and never an interrupt.
 *   <li>{@link #NOT_SENT}, for requests that must not be repeated once the server may have seen
 *       them: only failures to connect ({@link ConnectException},
 *       {@link HttpConnectTimeoutException}), where no byte of the request left the client.
 * </ul>
 */
enum RetryableFailures implements Predicate<Throwable> {
  TRANSIENT {
    @Override
    public boolean test(Throwable failure) {
      if (failure instanceof SSLHandshakeException || failure instanceof SSLPeerUnverifiedException) {
        return false;
      }
      return Retry.defaultRetryOn().test(failure);
    }
  },
  NOT_SENT {
    @Override
    public boolean test(Throwable failure) {
      return failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException;
    }
  }
}
