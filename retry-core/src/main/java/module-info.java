/**
 * Bulwark retry: {@link dev.bulwark.retry.Retry} with jittered backoff, retry budgets, Retry-After
 * hints, {@link dev.bulwark.retry.Timeout} and {@link dev.bulwark.retry.Hedge}, all usable as {@link dev.bulwark.core.Policy policies}
 * of a {@link dev.bulwark.core.Pipeline}.
 */
module dev.bulwark.retry {
  requires transitive dev.bulwark.core;
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports dev.bulwark.retry;
}
