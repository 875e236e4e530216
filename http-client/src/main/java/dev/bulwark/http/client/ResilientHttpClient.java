package dev.bulwark.http.client;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Pipeline;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.retry.RetryBudget;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A {@link HttpClient} with a resilience pipeline per host: each request goes through
 * {@code retry(breaker(limiter(send)))} of its host (or named dependency), built from an
 * {@link HttpPolicy} the first time the host is called. Sync ({@link #send}) and async
 * ({@link #sendAsync}) calls make the same decisions.
 *
 * <pre>{@code
 * ResilientHttpClient client = ResilientHttpClient.builder(HttpClient.newHttpClient())
 *     .policy(HttpPolicy.defaults())         // 3 attempts, 100 ms x2 up to 10 s, jitter 0.1
 *     .build();
 * HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
 * }</pre>
 *
 * <h2>What is retried</h2>
 * <ul>
 *   <li>A request that may be repeated (method GET, HEAD, OPTIONS, TRACE, PUT or DELETE, or any
 *       method with an {@code Idempotency-Key} header, or any method when the policy says
 *       {@link HttpPolicy.Builder#retryNonIdempotent() retryNonIdempotent}) is retried on a status
 *       in {@link HttpPolicy#retryOnStatus()} and on transient I/O failures: connection refused or
 *       reset, {@link HttpTimeoutException} (not a failed TLS handshake, not an interrupt).
 *   <li>Any other request (POST, PATCH, ...) is retried only when the connection could not be
 *       made ({@link java.net.ConnectException}, {@link java.net.http.HttpConnectTimeoutException}):
 *       the server never saw it. A retryable status is returned to the caller as it is.
 *   <li>A request whose body cannot be sent again (see {@link ReplayableBodies}) is sent once:
 *       its retry is refused.
 * </ul>
 *
 * <h2>Waits</h2>
 * Before attempt n+1 the client waits the policy's backoff delay n, or longer if the response asks
 * for it with {@code Retry-After} (seconds or an HTTP-date, read against the client's
 * {@linkplain ResilientHttpClientBuilder#clock clock}) or an exhausted IETF {@code RateLimit}
 * quota (see {@code docs/http-client.md}). A response asking for more than
 * {@link HttpPolicy#maxRetryAfter()} is returned at once; a wait that would reach the end of
 * {@link HttpPolicy#overallTimeout()} is not taken either: the call ends with the last outcome.
 * When retries run out on a status, the last response is returned (not an exception), with its
 * body made by the caller's handler.
 *
 * <h2>Per host</h2>
 * Each host has its own retry budget (retries beyond it are not made), circuit breaker (counting
 * exceptions and the retryable statuses as failures; when open, calls fail at once with
 * {@link dev.bulwark.circuitbreaker.CircuitOpenException}, never retried) and, if the policy sets
 * one, rate limiter (an attempt over the limit fails at once with
 * {@link dev.bulwark.ratelimit.RateLimitExceededException}, not retried, never sent). A host is
 * the request URI's authority ({@code host:port} as written) unless the builder's
 * {@link ResilientHttpClientBuilder#pipelineKey pipelineKey} names dependencies otherwise.
 *
 * <h2>Timeouts</h2>
 * Each attempt is sent with the JDK client's request timeout: the request's own timeout if it has
 * one, else {@link HttpPolicy#attemptTimeout()}, cut to what is left of
 * {@link HttpPolicy#overallTimeout()}. The JDK client applies it until the response's headers
 * arrive; reading a large body afterwards is not bounded by it.
 *
 * <h2>Bodies</h2>
 * The body of a response with a retryable status is read by the client (at most 64 KiB, then the
 * connection is closed) instead of by the caller's handler: a retried attempt's body is thus
 * consumed and released without the caller seeing it. Only the call's final response reaches the
 * caller's handler.
 *
 * <p>Immutable apart from the per-host state it creates; thread-safe. A successful first attempt
 * costs one map lookup, one copy of the request (to set its timeout) and the policies' own
 * lock-free checks.
 */
public final class ResilientHttpClient {

  private final HttpClient http;
  private final HttpPolicy defaultPolicy;
  private final Map<String, HttpPolicy> policies;
  private final Function<? super HttpRequest, String> pipelineKey;
  private final int maxHosts;
  private final ClientSettings settings;
  private final Ticker ticker;
  private final ConcurrentHashMap<String, HostPipeline> hosts = new ConcurrentHashMap<>();
  private final AtomicInteger opened = new AtomicInteger();

  ResilientHttpClient(
      HttpClient http,
      HttpPolicy defaultPolicy,
      Map<String, HttpPolicy> policies,
      Function<? super HttpRequest, String> pipelineKey,
      int maxHosts,
      ClientSettings settings) {
    this.http = http;
    this.defaultPolicy = defaultPolicy;
    this.policies = Map.copyOf(policies);
    this.pipelineKey = pipelineKey;
    this.maxHosts = maxHosts;
    this.settings = settings;
    this.ticker = settings.ticker;
  }

  /**
   * Starts configuring a client around a JDK client.
   *
   * @param http the JDK client that sends every attempt; never closed by this client
   * @return a new builder
   * @throws NullPointerException if {@code http} is null
   */
  public static ResilientHttpClientBuilder builder(HttpClient http) {
    return new ResilientHttpClientBuilder(Objects.requireNonNull(http, "http"));
  }

  /**
   * Sends a request through its host's pipeline, blocking until the final outcome.
   *
   * @param request the request
   * @param handler makes the body of the final response
   * @param <T> the body type
   * @return the first response that is not retried, or the last one when retries end
   * @throws IOException the last attempt's I/O failure, such as {@link HttpTimeoutException}
   * @throws InterruptedException if the thread is interrupted while sending or waiting (its
   *     interrupt flag is set again when interrupted during a wait)
   * @throws dev.bulwark.circuitbreaker.CircuitOpenException if the host's breaker is open
   * @throws dev.bulwark.ratelimit.RateLimitExceededException if the host's rate limit refuses
   * @throws IllegalArgumentException if the request's URI has no authority (with the default key)
   * @throws IllegalStateException if the request would open a host beyond
   *     {@link ResilientHttpClientBuilder#maxHosts maxHosts}
   * @throws NullPointerException if an argument is null
   */
  public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    HostPipeline host = host(request);
    long start = ticker.read();
    Pipeline pipeline = pipelineFor(host, request);
    try {
      if (pipeline == host.retrying) {
        AttemptBodyHandler attempt = new AttemptBodyHandler(handler, host.policy);
        HttpResponse<Object> response =
            pipeline.call(() -> http.send(attemptRequest(host, request, start), attempt));
        return BodyReplay.isCallersBody(response)
            ? BodyReplay.cast(response)
            : join(BodyReplay.finish(response, handler));
      }
      return pipeline.call(() -> http.send(attemptRequest(host, request, start), handler));
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  /**
   * Sends a request through its host's pipeline without blocking: waits between attempts are
   * scheduled (on the builder's scheduler, or a shared daemon thread). Cancelling the returned
   * future stops further attempts.
   *
   * @param request the request
   * @param handler makes the body of the final response
   * @param <T> the body type
   * @return a future of the first response that is not retried, or of the last one when retries
   *     end; failing with what {@link #send} throws
   * @throws IllegalArgumentException if the request's URI has no authority (with the default key)
   * @throws IllegalStateException if the request would open a host beyond
   *     {@link ResilientHttpClientBuilder#maxHosts maxHosts}
   * @throws NullPointerException if an argument is null
   */
  @SuppressWarnings("FutureReturnValueIgnored") // the cancellation hook's own future is not needed
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    HostPipeline host = host(request);
    long start = ticker.read();
    Pipeline pipeline = pipelineFor(host, request);
    if (pipeline == host.retrying) {
      AttemptBodyHandler attempt = new AttemptBodyHandler(handler, host.policy);
      CompletableFuture<HttpResponse<Object>> inner = pipeline
          .<HttpResponse<Object>>callAsync(() -> attemptAsync(host, request, start, attempt))
          .toCompletableFuture();
      CompletableFuture<HttpResponse<T>> outer =
          inner.thenCompose(response -> BodyReplay.finish(response, handler));
      outer.whenComplete((r, e) -> {
        if (e instanceof CancellationException) {
          inner.cancel(true);
        }
      });
      return outer;
    }
    CompletableFuture<HttpResponse<T>> inner = pipeline
        .<HttpResponse<T>>callAsync(() -> attemptAsync(host, request, start, handler))
        .toCompletableFuture();
    return inner;
  }

  private <T> CompletableFuture<HttpResponse<T>> attemptAsync(
      HostPipeline host, HttpRequest request, long start, BodyHandler<T> handler) {
    HttpRequest attempt;
    try {
      attempt = attemptRequest(host, request, start);
    } catch (HttpTimeoutException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.sendAsync(attempt, handler);
  }

  /** The request of one attempt: its timeout is the attempt's, cut to what is left of the call's. */
  private HttpRequest attemptRequest(HostPipeline host, HttpRequest request, long start)
      throws HttpTimeoutException {
    long left = host.policy.overallTimeoutNanos() - (ticker.read() - start);
    if (left <= 0) {
      throw new HttpTimeoutException(
          "the overall timeout of " + host.policy.overallTimeout() + " ran out before this attempt");
    }
    Optional<Duration> own = request.timeout();
    if (own.isPresent()) {
      if (Durations.toNanosSaturated(own.get()) <= left) {
        return request;
      }
      return HttpRequest.newBuilder(request, ResilientHttpClient::allHeaders).timeout(Duration.ofNanos(left)).build();
    }
    long timeout = Math.min(host.policy.attemptTimeoutNanos(), left);
    return HttpRequest.newBuilder(request, ResilientHttpClient::allHeaders).timeout(Duration.ofNanos(timeout)).build();
  }

  /** Copies every header of a request (the filter of {@link HttpRequest#newBuilder(HttpRequest, BiPredicate)}). */
  private static boolean allHeaders(String name, String value) {
    return true;
  }

  private static Pipeline pipelineFor(HostPipeline host, HttpRequest request) {
    if (!ReplayableBodies.isReplayable(request)) {
      return host.once;
    }
    if (host.policy.retryNonIdempotent() || Idempotency.isIdempotent(request)) {
      return host.retrying;
    }
    return host.connectRetrying;
  }

  private HostPipeline host(HttpRequest request) {
    String key = pipelineKey.apply(request);
    if (key == null) {
      throw new IllegalArgumentException("the pipeline key of " + request + " is null");
    }
    HostPipeline host = hosts.get(key);
    if (host != null) {
      return host;
    }
    return hosts.computeIfAbsent(key, this::newHost);
  }

  /** Called once per key, inside the map's compute: the count of pipelines is exact. */
  private HostPipeline newHost(String key) {
    if (opened.incrementAndGet() > maxHosts) {
      opened.decrementAndGet();
      throw new IllegalStateException("the client already keeps pipelines for maxHosts = " + maxHosts
          + " hosts; " + key + " would be one more (use pipelineKey to group requests)");
    }
    try {
      return new HostPipeline(key, policies.getOrDefault(key, defaultPolicy), settings);
    } catch (RuntimeException e) {
      opened.decrementAndGet();
      throw e;
    }
  }

  private static <T> T join(CompletionStage<T> stage) throws IOException {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IOException(cause);
    }
  }

  /**
   * Returns the JDK client that sends the attempts.
   *
   * @return the client given to the builder
   */
  public HttpClient httpClient() {
    return http;
  }

  /**
   * Returns the keys of the hosts (or dependencies) called so far.
   *
   * @return an immutable snapshot
   */
  public Set<String> hosts() {
    return Set.copyOf(hosts.keySet());
  }

  /**
   * Returns the policy that a host's pipeline is (or will be) built from.
   *
   * @param key the host's key, such as {@code api.example.com:443}
   * @return the host's own policy, or the default one
   * @throws NullPointerException if {@code key} is null
   */
  public HttpPolicy policy(String key) {
    return policies.getOrDefault(Objects.requireNonNull(key, "key"), defaultPolicy);
  }

  /**
   * Returns a host's circuit breaker, to look at its state or force it.
   *
   * @param key the host's key
   * @return the breaker, or empty if the host was not called yet
   * @throws NullPointerException if {@code key} is null
   */
  public Optional<CircuitBreaker> circuitBreaker(String key) {
    HostPipeline host = hosts.get(Objects.requireNonNull(key, "key"));
    return host == null ? Optional.empty() : Optional.of(host.breaker);
  }

  /**
   * Returns a host's client-side rate limiter.
   *
   * @param key the host's key
   * @return the limiter, or empty if the host was not called yet or its policy sets no limit
   * @throws NullPointerException if {@code key} is null
   */
  public Optional<RateLimiter> rateLimiter(String key) {
    HostPipeline host = hosts.get(Objects.requireNonNull(key, "key"));
    return host == null ? Optional.empty() : Optional.ofNullable(host.limiter);
  }

  /**
   * Returns a host's retry budget.
   *
   * @param key the host's key
   * @return the budget, or empty if the host was not called yet
   * @throws NullPointerException if {@code key} is null
   */
  public Optional<RetryBudget> retryBudget(String key) {
    HostPipeline host = hosts.get(Objects.requireNonNull(key, "key"));
    return host == null ? Optional.empty() : Optional.of(host.budget);
  }

  @Override
  public String toString() {
    return "ResilientHttpClient[hosts=" + hosts.keySet() + ", default=" + defaultPolicy + "]";
  }
}
