package dev.bulwark.http;

import dev.bulwark.core.Ticker;
import dev.bulwark.headers.SecurityHeaders;
import java.time.Clock;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The edge-wide settings every route shares.
 *
 * @param ticker measures call durations and drives the limiters and breakers the edge builds
 * @param clock the wall clock of the error envelope's timestamp
 * @param resolver resolves client IPs for keys
 * @param errorBodyWriter the rejection body writer of routes that set none
 * @param legacyHeaders whether to add the {@code X-RateLimit-*} fields
 * @param problemTypeBase the prefix of problem type URIs, or null for {@code about:blank}
 * @param securityHeaders the security headers of routes that set none
 * @param listener told how each request ended, or null for none
 * @param preflightLimit the per-client-IP limit on CORS preflights, or null for none
 * @param maxBodyBytes the body size limit of routes that set none, or {@link Long#MAX_VALUE} for
 *     none
 * @param requestIds the request identifiers, or null for none
 * @param requestLog the configuration of the request log events, or null for none
 * @param requestLogger writes those events, or null for none
 * @param shadowed the gates every route runs in shadow mode ({@link EdgeBuilder#shadow()})
 * @param legacyResetEpoch whether {@code X-RateLimit-Reset} is epoch seconds rather than delta seconds
 * @param tracer starts each request's span, or null for none
 */
record EdgeConfig(
    Ticker ticker,
    Clock clock,
    ClientIpResolver resolver,
    ErrorBodyWriter errorBodyWriter,
    boolean legacyHeaders,
    @Nullable String problemTypeBase,
    SecurityHeaders securityHeaders,
    @Nullable EdgeListener listener,
    @Nullable RateGate preflightLimit,
    long maxBodyBytes,
    @Nullable RequestIds requestIds,
    @Nullable RequestLog requestLog,
    @Nullable RequestLogger requestLogger,
    Set<EdgeGate> shadowed,
    boolean legacyResetEpoch,
    @Nullable EdgeTracer tracer,
    boolean routeStatistics) {

  /** Tells whether requests need a {@link RequestContext}: someone listens, traces, logs or wants ids. */
  boolean observed() {
    return listener != null || requestIds != null || requestLogger != null || tracer != null;
  }
}
