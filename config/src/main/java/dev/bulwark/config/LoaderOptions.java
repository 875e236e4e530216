package dev.bulwark.config;

import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import dev.bulwark.http.ClientIpResolver;
import dev.bulwark.http.EdgeListener;
import dev.bulwark.http.EdgeTracer;
import dev.bulwark.ratelimit.RateLimiterListener;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import dev.bulwark.ratelimit.spi.LimiterBackendProvider;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * What a document cannot express, as given to {@link EdgeConfigLoader.Builder}.
 *
 * @param ticker the clock of every limiter, breaker and retry the loader builds, and of the edge
 * @param clock the wall clock of the error envelope, or null for the edge's default
 * @param sleeper the sleeper of sync retries, or null for the retry's default
 * @param scheduler the scheduler of async retries and timeouts, or null for their default
 * @param timeoutExecutor the executor of sync timeouts, or null (sync calls then run on the caller's thread)
 * @param rateBackends rate limiter backends by name
 * @param concurrencyBackends concurrency limiter backends by name
 * @param hierarchyBackends hierarchical rate limiter backends by name
 * @param providers backend providers by name: those registered, then those discovered through
 *     {@link java.util.ServiceLoader} under a name not registered
 * @param registry the registry that creates every circuit breaker, or null
 * @param rateLimiterListener a listener added to every in-memory rate limiter, or null
 * @param clientIpResolver a resolver that replaces the document's {@code clientIp}, or null
 * @param edgeListener the edge's listener, or null
 * @param edgeTracer the edge's tracer, or null
 * @param environment the variables {@code ${NAME}} references read, such as {@code System::getenv}
 * @param routeStatistics whether every loaded edge keeps route statistics, whatever the document says
 * @param hierarchyBackend the opened backend that builds every hierarchical limiter, whatever the
 *     document's entries name, or null for the entries' own backends
 */
record LoaderOptions(
    Ticker ticker,
    @Nullable Clock clock,
    @Nullable Sleeper sleeper,
    @Nullable ScheduledExecutorService scheduler,
    @Nullable Executor timeoutExecutor,
    Map<String, RateLimiterFactory> rateBackends,
    Map<String, ConcurrencyLimiterFactory> concurrencyBackends,
    Map<String, HierarchicalRateLimiterFactory> hierarchyBackends,
    Map<String, LimiterBackendProvider> providers,
    @Nullable CircuitBreakerRegistry registry,
    @Nullable RateLimiterListener rateLimiterListener,
    @Nullable ClientIpResolver clientIpResolver,
    @Nullable EdgeListener edgeListener,
    @Nullable EdgeTracer edgeTracer,
    Function<String, @Nullable String> environment,
    boolean routeStatistics,
    @Nullable LimiterBackend hierarchyBackend) {

  /** The names a route's {@code rateLimit.backend} may use: factories registered, then providers. */
  Set<String> rateBackendNames() {
    Set<String> names = new LinkedHashSet<>(rateBackends.keySet());
    names.addAll(providers.keySet());
    return names;
  }

  /** The names a hierarchy's {@code backend} may use: factories registered, then providers. */
  Set<String> hierarchyBackendNames() {
    Set<String> names = new LinkedHashSet<>(hierarchyBackends.keySet());
    names.addAll(providers.keySet());
    return names;
  }

  /** The names a route's {@code concurrency.backend} may use: factories registered, then providers. */
  Set<String> concurrencyBackendNames() {
    Set<String> names = new LinkedHashSet<>(concurrencyBackends.keySet());
    names.addAll(providers.keySet());
    return names;
  }
}
