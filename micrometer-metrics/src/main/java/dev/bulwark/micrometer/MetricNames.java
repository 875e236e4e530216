package dev.bulwark.micrometer;

/**
 * The names and tag keys of every meter the binders register, in Micrometer's dotted form (a
 * Prometheus registry renders {@code bulwark.ratelimit.decisions} as
 * {@code bulwark_ratelimit_decisions_total}). Every meter of a primitive carries its name as tag
 * {@value #NAME} (the edge's own meters carry {@value #ROUTE} instead), plus the binder's extra
 * tags. Tag values derived from enums are lower case:
 * {@code half_open}, {@code success_after_retry}.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>binder</th></tr>
 *   <tr><td>{@value #RATELIMIT_DECISIONS}</td><td>function counter</td>
 *       <td>name, result = permitted | rejected</td>
 *       <td>{@link RateLimiterBinder}, {@link KeyedRateLimiterBinder},
 *           {@link HierarchicalRateLimiterBinder}</td></tr>
 *   <tr><td>{@value #RATELIMIT_KEYS}</td><td>gauge</td><td>name</td>
 *       <td>{@link KeyedRateLimiterBinder}, {@link HierarchicalRateLimiterBinder}</td></tr>
 *   <tr><td>{@value #CONCURRENCY_INFLIGHT}</td><td>gauge</td><td>name</td>
 *       <td>{@link ConcurrencyLimiterBinder}, {@link KeyedConcurrencyLimiterBinder}</td></tr>
 *   <tr><td>{@value #CONCURRENCY_LIMIT}</td><td>gauge</td><td>name</td>
 *       <td>{@link ConcurrencyLimiterBinder}, {@link KeyedConcurrencyLimiterBinder}</td></tr>
 *   <tr><td>{@value #CIRCUITBREAKER_STATE}</td><td>gauge, one-hot</td>
 *       <td>name, state = closed | open | half_open | forced_open | disabled</td>
 *       <td>{@link CircuitBreakerBinder}, {@link CircuitBreakerRegistryBinder}</td></tr>
 *   <tr><td>{@value #CIRCUITBREAKER_CALLS}</td><td>function counter</td>
 *       <td>name, outcome = success | failure | slow | ignored | rejected</td><td>same</td></tr>
 *   <tr><td>{@value #CIRCUITBREAKER_CALL_DURATION}</td><td>function timer</td>
 *       <td>name, outcome = success | failure | slow | ignored</td><td>same</td></tr>
 *   <tr><td>{@value #CIRCUITBREAKER_TRANSITIONS}</td><td>function counter</td>
 *       <td>name, from, to (states)</td><td>same</td></tr>
 *   <tr><td>{@value #RETRY_CALLS}</td><td>function counter</td>
 *       <td>name, result = success | success_after_retry | exhausted | aborted | budget_exhausted
 *           | failed</td><td>{@link RetryBinder}</td></tr>
 *   <tr><td>{@value #RETRY_ATTEMPTS}</td><td>function counter</td><td>name</td>
 *       <td>{@link RetryBinder}</td></tr>
 *   <tr><td>{@value #HEDGE_CALLS}</td><td>function counter</td>
 *       <td>name, result = success | failure | primary_won | hedge_won | all_failed</td>
 *       <td>{@link HedgeBinder}</td></tr>
 *   <tr><td>{@value #HEDGE_ATTEMPTS}, {@value #HEDGE_BUDGET_REFUSALS}</td><td>function counter</td>
 *       <td>name</td><td>{@link HedgeBinder}</td></tr>
 *   <tr><td>{@value #EDGE_REQUESTS}</td><td>function counter</td>
 *       <td>route, outcome = admitted | failed | cancelled | cors | rate_limit | concurrency
 *           | validation | circuit_breaker, status</td><td>{@link EdgeBinder}</td></tr>
 *   <tr><td>{@value #EDGE_REQUEST_DURATION}</td><td>timer (percentiles, histogram and SLO
 *       buckets as {@link EdgeMetrics#builder()} sets them)</td>
 *       <td>route, outcome</td><td>{@link EdgeBinder}</td></tr>
 *   <tr><td>{@value #EDGE_REQUEST_SIZE}</td><td>distribution summary, bytes</td>
 *       <td>route, outcome</td><td>{@link EdgeBinder}</td></tr>
 *   <tr><td>{@value #EDGE_RESPONSE_SIZE}</td><td>distribution summary, bytes</td>
 *       <td>route, outcome</td><td>{@link EdgeBinder}</td></tr>
 *   <tr><td>{@value #EDGE_REFUSALS}</td><td>function counter</td>
 *       <td>route, gate = cors | rate_limit | concurrency | validation | circuit_breaker,
 *           outcome = rejected | shadow_rejected</td><td>{@link EdgeBinder}</td></tr>
 *   <tr><td>{@value #VALIDATION_VIOLATIONS}</td><td>function counter</td>
 *       <td>code (such as sql_injection)</td><td>{@link EdgeBinder}</td></tr>
 *   <tr><td>{@value #REDIS_FALLBACK}</td><td>gauge, one-hot</td>
 *       <td>name, state = redis | fallback</td><td>{@link RedisFallbackBinder}</td></tr>
 * </table>
 */
public final class MetricNames {

  /** Rate-limit decisions by result: counts {@code tryAcquire}, decisions and {@code acquire}. */
  public static final String RATELIMIT_DECISIONS = "bulwark.ratelimit.decisions";

  /** Keys a keyed or hierarchical rate limiter holds in memory, approximately. */
  public static final String RATELIMIT_KEYS = "bulwark.ratelimit.keys";

  /** Permits of a concurrency limiter held now. */
  public static final String CONCURRENCY_INFLIGHT = "bulwark.concurrency.inflight";

  /** A concurrency limiter's current limit: the adaptive limit, or the fixed one, or the total. */
  public static final String CONCURRENCY_LIMIT = "bulwark.concurrency.limit";

  /** 1 for the breaker's current state, 0 for the four others. */
  public static final String CIRCUITBREAKER_STATE = "bulwark.circuitbreaker.state";

  /** Calls guarded by a breaker, by outcome. */
  public static final String CIRCUITBREAKER_CALLS = "bulwark.circuitbreaker.calls";

  /** Count and total time of the calls whose duration the breaker knows, by outcome. */
  public static final String CIRCUITBREAKER_CALL_DURATION = "bulwark.circuitbreaker.call.duration";

  /** State transitions of a breaker, registered per (from, to) pair when it first occurs. */
  public static final String CIRCUITBREAKER_TRANSITIONS = "bulwark.circuitbreaker.transitions";

  /** Calls guarded by a retry, by how they ended. */
  public static final String RETRY_CALLS = "bulwark.retry.calls";

  /** Attempts made by the retry's ended calls, first attempts included. */
  public static final String RETRY_ATTEMPTS = "bulwark.retry.attempts";

  /** Calls guarded by a hedge, by how they ended. */
  public static final String HEDGE_CALLS = "bulwark.hedge.calls";

  /** Hedged attempts started by a hedge (primary attempts not included). */
  public static final String HEDGE_ATTEMPTS = "bulwark.hedge.attempts";

  /** Hedged attempts that the retry budget refused. */
  public static final String HEDGE_BUDGET_REFUSALS = "bulwark.hedge.budget.refusals";

  /** An edge's requests by route, outcome and status, counted once per request. */
  public static final String EDGE_REQUESTS = "bulwark.edge.requests";

  /** Time from an edge's {@code begin} to the end of each request, by route and outcome. */
  public static final String EDGE_REQUEST_DURATION = "bulwark.edge.request.duration";

  /** Request body sizes in bytes, by route and outcome (only those the edge or adapter knows). */
  public static final String EDGE_REQUEST_SIZE = "bulwark.edge.request.size";

  /** Response body sizes in bytes, by route and outcome (only those the edge or adapter knows). */
  public static final String EDGE_RESPONSE_SIZE = "bulwark.edge.response.size";

  /**
   * Requests an edge's gates refused ({@code outcome=rejected}) or, in shadow mode, would have
   * refused and let through ({@code outcome=shadow_rejected}), by route and gate.
   */
  public static final String EDGE_REFUSALS = "bulwark.edge.refusals";

  /** Tag of {@value #EDGE_REFUSALS}: the gate, lower case, such as {@code rate_limit}. */
  public static final String GATE = "gate";

  /** Validation violations behind an edge's refusals, by code. */
  public static final String VALIDATION_VIOLATIONS = "bulwark.validation.violations";

  /** Whether a Redis-backed limiter decides on Redis or by its failure policy, one-hot. */
  public static final String REDIS_FALLBACK = "bulwark.redis.fallback";

  /** Tag: the primitive's name. */
  public static final String NAME = "name";

  /** Tag of {@value #RATELIMIT_DECISIONS} and {@value #RETRY_CALLS}. */
  public static final String RESULT = "result";

  /** Tag of {@value #CIRCUITBREAKER_STATE}. */
  public static final String STATE = "state";

  /**
   * Tag of {@value #CIRCUITBREAKER_CALLS}, {@value #CIRCUITBREAKER_CALL_DURATION} and
   * {@value #EDGE_REQUESTS}.
   */
  public static final String OUTCOME = "outcome";

  /** Tag of {@value #EDGE_REQUESTS}: the name of the route that handled the request. */
  public static final String ROUTE = "route";

  /** Tag of {@value #EDGE_REQUESTS}: the three-digit status sent, or {@code none} when cancelled. */
  public static final String STATUS = "status";

  /** Tag of {@value #VALIDATION_VIOLATIONS}: the violation code, lower case. */
  public static final String CODE = "code";

  /** Tag of {@value #CIRCUITBREAKER_TRANSITIONS}: the state left. */
  public static final String FROM = "from";

  /** Tag of {@value #CIRCUITBREAKER_TRANSITIONS}: the state entered. */
  public static final String TO = "to";

  private MetricNames() {}
}
