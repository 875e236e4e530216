package dev.bulwark.retry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The default rule of what a {@link Retry} retries: transient I/O failures and timeouts.
 *
 * <p>Retried: {@link IOException} (which covers {@code java.net.http.HttpTimeoutException},
 * {@code ConnectException}, {@link SocketTimeoutException}), {@link UncheckedIOException} and
 * {@link TimeoutException} (which covers {@link TimeoutExceededException} of an inner, per-attempt
 * {@link Timeout}). Never retried: {@link InterruptedException} and the I/O exceptions that report an
 * interrupt ({@link ClosedByInterruptException}, and {@link InterruptedIOException} itself but not
 * its timeout subclass {@link SocketTimeoutException}). Rejections are handled before any predicate.
 */
enum DefaultRetryOn implements Predicate<Throwable> {
  INSTANCE;

  @Override
  public boolean test(Throwable failure) {
    if (failure instanceof ClosedByInterruptException
        || (failure instanceof InterruptedIOException && !(failure instanceof SocketTimeoutException))) {
      return false;
    }
    return failure instanceof IOException
        || failure instanceof UncheckedIOException
        || failure instanceof TimeoutException;
  }

  @Override
  public String toString() {
    return "Retry.defaultRetryOn()";
  }
}
