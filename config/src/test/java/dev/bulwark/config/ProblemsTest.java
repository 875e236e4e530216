package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * Every kind of problem a document can have, with the exact line reported: the path, the value
 * (as JSON) where a value is at fault, and what is wrong.
 */
class ProblemsTest {

  private static void assertProblems(String yaml, String... expected) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults().fromYaml(yaml));
    assertThat(e).as("problems of %s", yaml).isNotNull();
    assertThat(e.problems()).as("problems of %s", yaml).containsExactly(expected);
  }

  private static void assertJsonProblems(String json, String... expected) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults().fromJson(json));
    assertThat(e).as("problems of %s", json).isNotNull();
    assertThat(e.problems()).as("problems of %s", json).containsExactly(expected);
  }

  /** A document that is not well-formed, or not one object, is one problem. */
  @Test
  void syntaxErrorsNameTheLineAndColumn() {
    assertProblems("routes: [\n",
        "line 2, column 1: expected the node content, but found '<stream end>'");
    assertJsonProblems("{\"routes\": [}",
        "line 1, column 13: Unexpected close marker '}': expected ']' (for Array starting at line: 1, column: 12)");
    assertProblems("errorFormat: envelope\nerrorFormat: problem-json",
        "line 2, column 12: Duplicate field 'errorFormat'");
    assertProblems("routeDefaults: &d {key: ip}\ndefaultRoute: *d",
        "line 2, column 15: YAML aliases (*d) are not supported; repeat the value, or put shared route settings under routeDefaults");
    assertProblems("",
        "(document): the document is empty; write {} for an edge with every default");
    assertJsonProblems("",
        "(document): the document is empty; write {} for an edge with every default");
    assertProblems("errorFormat: envelope\n---\nlegacyRateLimitHeaders: true",
        "line 3, column 1: a second document or value follows the first; a configuration is one document");
    assertProblems("- 1",
        "(document): [1]: expected an object at the top level");
  }

  /** Edge-wide settings. */
  @Test
  void topLevelKeysAndValues() {
    assertProblems("errorFormats: envelope",
        "errorFormats: unknown key (did you mean \"errorFormat\"?); known keys: backends, clientIp, defaultRoute, errorBodies, errorFormat, health, hierarchicalLimits, legacyRateLimitHeaders, legacyRateLimitReset, maxBodyBytes, outbound, preflightRateLimit, problemTypeBase, requestIds, requestLog, routeDefaults, routeStatistics, routes, shadow");
    assertProblems("preflightRateLimit: 10/minit",
        "preflightRateLimit: \"10/minit\": unknown unit 'minit' in \"10/minit\"");
    assertProblems("errorFormat: xml",
        "errorFormat: \"xml\": expected one of problem-json, envelope");
    assertProblems("problemTypeBase: errors/",
        "problemTypeBase: \"errors/\": problemTypeBase must be an absolute URI but was \"errors/\"");
    assertProblems("legacyRateLimitHeaders: yes please",
        "legacyRateLimitHeaders: \"yes please\": expected true or false");
    assertProblems("clientIp: {trustedProxies: [10.0.0.300/8]}",
        "clientIp.trustedProxies[0]: \"10.0.0.300/8\": not an IPv4 or IPv6 address or CIDR block: '10.0.0.300/8'");
    assertProblems("clientIp: {trustedProxies: [10.1.2.3/8]}",
        "clientIp.trustedProxies[0]: \"10.1.2.3/8\": CIDR block '10.1.2.3/8' has host bits set: write its network '10.0.0.0/8', or the address alone to trust one host");
    assertProblems("clientIp: {forwardingHeader: forwarded}",
        "clientIp.forwardingHeader: \"forwarded\": applies only with trustedProxies");
    assertProblems("clientIp: {trustedProxies: [10.0.0.0/8], forwardingHeader: x-real-ip}",
        "clientIp.forwardingHeader: \"x-real-ip\": expected one of x-forwarded-for, forwarded, forwarded-or-x-forwarded-for");
  }

  /** Shared hierarchical limiters. */
  @Test
  void hierarchicalLimits() {
    assertProblems("hierarchicalLimits: {api: {global: 10/minite, maximumKeys: 0, perClients: 5/minute}}",
        "hierarchicalLimits.api.perClients: unknown key (did you mean \"perClient\"?); known keys: algorithm, backend, global, maximumKeys, perClient",
        "hierarchicalLimits.api.global: \"10/minite\": unknown unit 'minite' in \"10/minite\"",
        "hierarchicalLimits.api.perClient: required key is missing",
        "hierarchicalLimits.api.maximumKeys: 0: must be >= 1");
    assertProblems("hierarchicalLimits: [api]",
        "hierarchicalLimits: [\"api\"]: expected an object");
  }

  /** Patterns, methods and names. */
  @Test
  void routeEntries() {
    assertProblems("routes: {pattern: /}",
        "routes: {\"pattern\":\"/\"}: expected a list of routes");
    assertProblems("routes: [{name: x}]",
        "routes[0].pattern: required key is missing");
    assertProblems("routes: [{pattern: api}]",
        "routes[0].pattern: \"api\": route pattern \"api\" must start with '/'");
    assertProblems("routes: [{pattern: /a, methods: GET}]",
        "routes[0].methods: \"GET\": expected a list of strings");
    assertProblems("routes: [{pattern: /a, methods: [GE T]}]",
        "routes[0].methods: [\"GE T\"]: method must be a token but was \"GE T\"");
    assertProblems("routes: [{pattern: /a, methods: [GET, 5]}]",
        "routes[0].methods[1]: 5: expected a string");
    assertProblems("routes: [{pattern: /a, methods: []}]",
        "routes[0].methods: []: at least one method is required");
    assertProblems("routes: [{pattern: /a}, {pattern: /a, methods: [POST]}, {pattern: /b, name: /a}]",
        "routes[1]: the route name \"/a\" is already used by routes[0]; a route without a name is named after its pattern, so name one of them",
        "routes[2]: the route name \"/a\" is already used by routes[0]; a route without a name is named after its pattern, so name one of them");
    assertProblems("routes: [{pattern: /a, name: \" \"}]",
        "routes[0].name: \" \": name must be printable ASCII and not blank but was \" \"");
    assertProblems("routes: [{pattern: /a, name: default}]",
        "routes[0]: the route name \"default\" is the default route's; choose another, or rename the default route with defaultRoute.name");
    assertProblems("routes: [{pattern: /a, 'x.y': 1}]",
        "routes[0][\"x.y\"]: unknown key; known keys: circuitBreaker, concurrency, connections, cors, key, methods, name, pattern, rateLimit, securityHeaders, shadow, validation");
  }

  /** Limits in the "100/minute" syntax, the keys of the section, hierarchies and backends. */
  @Test
  void rateLimits() {
    assertProblems("routes: [{pattern: /a, rateLimit: {limit: 100/minit}}]",
        "routes[0].rateLimit.limit: \"100/minit\": unknown unit 'minit' in \"100/minit\"");
    assertProblems("routes: [{pattern: /a}, {pattern: /b}, {pattern: /c, rateLimit: {limit: 1/s, perClinet: 5}}]",
        "routes[2].rateLimit.perClinet: unknown key; known keys: algorithm, allOf, backend, hierarchy, limit, maximumKeys");
    assertProblems("routes: [{pattern: /a, rateLimit: 100}]",
        "routes[0].rateLimit: 100: expected limits such as \"100/minute\", or an object");
    assertProblems("routes: [{pattern: /a, rateLimit: '100 per minute;'}]",
        "routes[0].rateLimit: \"100 per minute;\": empty limit at index 15 in \"100 per minute;\"");
    assertProblems("routes: [{pattern: /a, rateLimit: {limit: 1/s, algorithm: leaky-bucket}}]",
        "routes[0].rateLimit.algorithm: \"leaky-bucket\": expected one of token-bucket, fixed-window, sliding-window-counter, sliding-window-log");
    assertProblems("routes: [{pattern: /a, rateLimit: {hierarchy: api}}]",
        "routes[0].rateLimit.hierarchy: \"api\": unknown hierarchy; hierarchicalLimits defines none");
    assertProblems("hierarchicalLimits: {api: {perClient: 5/s}}\nroutes: [{pattern: /a, rateLimit: {hierarchy: apii, algorithm: fixed-window, backend: memory, maximumKeys: 5}}]",
        "routes[0].rateLimit.hierarchy: \"apii\": unknown hierarchy; hierarchicalLimits defines api",
        "routes[0].rateLimit.algorithm: \"fixed-window\": not allowed with hierarchy: the hierarchical limiter's settings apply",
        "routes[0].rateLimit.maximumKeys: 5: not allowed with hierarchy: the hierarchical limiter's settings apply",
        "routes[0].rateLimit.backend: \"memory\": not allowed with hierarchy: the hierarchical limiter's settings apply");
    assertProblems("routes: [{pattern: /a, rateLimit: {algorithm: fixed-window}}]",
        "routes[0].rateLimit: needs a limit, or a hierarchy naming one of hierarchicalLimits");
    assertProblems("routes: [{pattern: /a, rateLimit: {limit: 1/s, backend: redis}}]",
        "routes[0].rateLimit.backend: \"redis\": unknown backend; expected memory (register others with the loader)");
    assertProblems("routes: [{pattern: /a, rateLimit: {limit: 1/s, maximumKeys: 0}}]",
        "routes[0].rateLimit.maximumKeys: 0: must be >= 1");
    assertProblems("routes: [{pattern: /a, rateLimit: {limit: 40000/s, algorithm: sliding-window-counter}}]",
        "routes[0].rateLimit: burst 40000 per window of PT1S is too large for SLIDING_WINDOW_COUNTER (at most 32767 for this period); use a longer period or TOKEN_BUCKET");
  }

  /** Client keys. */
  @Test
  void keyStrategies() {
    assertProblems("routes: [{pattern: /a, key: ipp, rateLimit: 1/s}]",
        "routes[0].key: \"ipp\": unknown key strategy \"ipp\"; expected ip, ip+user-agent, route, header:<name>, principal, attribute:<name>, or a list of these for a composite key");
    assertProblems("routes: [{pattern: /a, key: 'header:X Api', rateLimit: 1/s}]",
        "routes[0].key: \"header:X Api\": header name must be an RFC 9110 token but was \"X Api\"");
    assertProblems("routes: [{pattern: /a, key: [], rateLimit: 1/s}]",
        "routes[0].key: []: expected ip, ip+user-agent, route, header:<name>, principal, attribute:<name>, or a list of these for a composite key");
    assertProblems("routes: [{pattern: /a, key: [ip, 3], rateLimit: 1/s}]",
        "routes[0].key: [\"ip\",3]: expected ip, ip+user-agent, route, header:<name>, principal, attribute:<name>, or a list of these for a composite key");
    assertProblems("routes: [{pattern: /a, key: ip}]",
        "routes[0].key: \"ip\": applies only to a route with a rateLimit or a concurrency limit");
  }

  /** Requests in flight. */
  @Test
  void concurrencyLimits() {
    assertProblems("routes: [{pattern: /a, concurrency: {perClient: 0, total: 1}}]",
        "routes[0].concurrency.perClient: 0: must be >= 1");
    assertProblems("routes: [{pattern: /a, concurrency: {perClient: 5, total: 3}}]",
        "routes[0].concurrency.total: 3: must be >= perClient (5)");
    assertProblems("routes: [{pattern: /a, concurrency: {perClient: five}}]",
        "routes[0].concurrency.perClient: \"five\": expected an integer",
        "routes[0].concurrency.total: required key is missing");
    assertProblems("routes: [{pattern: /a, concurrency: {perClient: 1, total: 1, backend: redis}}]",
        "routes[0].concurrency.backend: \"redis\": unknown backend; expected memory (register others with the loader)");
  }

  /** Input policies, body size and content types. */
  @Test
  void validation() {
    assertProblems("routes: [{pattern: /a, validation: {query: {maxCodePoints: 0, normalization: nfd, plusAsSpace: true, preset: files}}}]",
        "routes[0].validation.query.preset: \"files\": expected one of queries, documents",
        "routes[0].validation.query.maxCodePoints: 0: maxCodePoints must be >= 1 but was 0",
        "routes[0].validation.query.normalization: \"nfd\": expected one of none, nfc, nfkc",
        "routes[0].validation.query.plusAsSpace: true: applies only with percentDecode: true");
    assertProblems("routes: [{pattern: /a, validation: {maxBodyBytes: 1 MeB}}]",
        "routes[0].validation.maxBodyBytes: \"1 MeB\": expected a size in bytes such as 1048576, \"512KiB\", \"1MiB\" or \"10MB\" (units B, KB, KiB, MB, MiB, GB, GiB)");
    assertProblems("routes: [{pattern: /a, validation: {maxBodyBytes: -1}}]",
        "routes[0].validation.maxBodyBytes: -1: must be >= 0");
    assertProblems("routes: [{pattern: /a, validation: {maxBodyBytes: 1.5}}]",
        "routes[0].validation.maxBodyBytes: 1.5: expected a size in bytes such as 1048576, \"512KiB\", \"1MiB\" or \"10MB\"");
    assertProblems("routes: [{pattern: /a, validation: {contentType: [json]}}]",
        "routes[0].validation.contentType: [\"json\"]: not a media type: json");
    assertProblems("routes: [{pattern: /a, validation: {contentType: [application/json, 7]}}]",
        "routes[0].validation.contentType[1]: 7: expected a string");
    assertProblems("routes: [{pattern: /a, validation: {contentType: {}}}]",
        "routes[0].validation.contentType.allowMediaTypes: required key is missing");
    assertProblems("routes: [{pattern: /a, validation: {contentType: {allowMediaTypes: [text/plain], allowCharsets: [utf 8]}}}]",
        "routes[0].validation.contentType.allowCharsets: [\"utf 8\"]: not a charset name: utf 8");
    assertProblems("routes: [{pattern: /a, validation: {body: {percentDecode: true, maxBytes: 0}}}]",
        "routes[0].validation.body.maxBytes: 0: maxBytes must be >= 1 but was 0");
  }

  /** CORS policies: builder refusals and rules between settings. */
  @Test
  void cors() {
    assertProblems("routes: [{pattern: /a, cors: {allowOrigins: ['*']}}]",
        "routes[0].cors.allowOrigins: [\"*\"]: use allowAnyOrigin() to allow every origin with *");
    assertProblems("routes: [{pattern: /a, cors: {allowAnyOrigin: true, allowCredentials: true}}]",
        "routes[0].cors: allowCredentials() cannot be combined with allowAnyOrigin(): browsers reject * with credentials, and reflecting every origin instead would let any site act as the user; list the trusted origins with allowOrigins(...)");
    assertProblems("routes: [{pattern: /a, cors: {allowOrigins: [https://a.example], maxAge: 1 hour}}]",
        "routes[0].cors.maxAge: \"1 hour\": expected a duration such as \"30s\", \"100ms\", \"15m\" or \"1h30m\"");
    assertProblems("routes: [{pattern: /a, cors: {allowMethods: [GET]}}]",
        "routes[0].cors: no origin is allowed: call allowOrigins(...) or allowAnyOrigin()");
    assertProblems("routes: [{pattern: /a, cors: {allowOrigins: [https://a.example/]}}]",
        "routes[0].cors.allowOrigins: [\"https://a.example/\"]: origin \"https://a.example/\" must not end with '/': an origin has no path, so write it without the slash");
  }

  /** Profiles, headers, HSTS and the Content-Security-Policy. */
  @Test
  void securityHeaders() {
    assertProblems("routes: [{pattern: /a, securityHeaders: strictest}]",
        "routes[0].securityHeaders: \"strictest\": expected a profile (strict, api, legacy, none) or an object");
    assertProblems("routes: [{pattern: /a, securityHeaders: {profile: loose}}]",
        "routes[0].securityHeaders.profile: \"loose\": expected one of strict, api, legacy, none");
    assertProblems("routes: [{pattern: /a, securityHeaders: {headers: {X-Frame-Options: ALLOWALL, Strict-Transport-Security: x}}}]",
        "routes[0].securityHeaders.headers.X-Frame-Options: \"ALLOWALL\": value \"ALLOWALL\" of header X-Frame-Options is not one of [deny, sameorigin]",
        "routes[0].securityHeaders.headers.Strict-Transport-Security: \"x\": Strict-Transport-Security is set with strictTransportSecurity(Duration, boolean, boolean)");
    assertProblems("routes: [{pattern: /a, securityHeaders: {strictTransportSecurity: {maxAge: 1d, preload: true}}}]",
        "routes[0].securityHeaders.strictTransportSecurity: preload requires includeSubDomains and a maxAge of at least 365 days but was PT24H without includeSubDomains");
    assertProblems("routes: [{pattern: /a, securityHeaders: {strictTransportSecurity: {includeSubDomains: true}}}]",
        "routes[0].securityHeaders.strictTransportSecurity.maxAge: required key is missing");
    assertProblems("routes: [{pattern: /a, securityHeaders: {omit: ['bad name']}}]",
        "routes[0].securityHeaders.omit: [\"bad name\"]: header name must be a non-empty HTTP token (letters, digits, !#$%&'*+-.^_`|~) but was \"bad name\"");
    assertProblems("routes: [{pattern: /a, securityHeaders: {contentSecurityPolicy: {directives: {scirpt-src: [\"'self'\"], script-src: [self]}}}}]",
        "routes[0].securityHeaders.contentSecurityPolicy.directives.scirpt-src: unknown key (did you mean \"script-src\"?); known keys: base-uri, child-src, connect-src, default-src, font-src, form-action, frame-ancestors, frame-src, img-src, manifest-src, media-src, object-src, script-src, script-src-attr, script-src-elem, style-src, style-src-attr, style-src-elem, worker-src",
        "routes[0].securityHeaders.contentSecurityPolicy.directives.script-src: [\"self\"]: source \"self\" of script-src must be quoted: write 'self' (with the single quotes); unquoted, it would name a host called self");
    assertProblems("routes: [{pattern: /a, securityHeaders: {contentSecurityPolicy: {nonce: 'yes'}}}]",
        "routes[0].securityHeaders.contentSecurityPolicy.nonce: \"yes\": expected true (script-src and style-src), false, or a list of directive names");
    assertProblems("routes: [{pattern: /a, securityHeaders: {contentSecurityPolicy: {nonce: [img-src]}}}]",
        "routes[0].securityHeaders.contentSecurityPolicy.nonce: [\"img-src\"]: nonces do not apply to img-src; use default-src, script-src, script-src-elem, style-src or style-src-elem");
    assertProblems("routes: [{pattern: /a, securityHeaders: {contentSecurityPolicy: {remove: [foo-src]}}}]",
        "routes[0].securityHeaders.contentSecurityPolicy.remove: [\"foo-src\"]: unknown directive \"foo-src\"; expected one of default-src, child-src, connect-src, font-src, frame-src, img-src, manifest-src, media-src, object-src, script-src, script-src-elem, script-src-attr, style-src, style-src-elem, style-src-attr, worker-src, base-uri, frame-ancestors, form-action");
    assertProblems("routes: [{pattern: /a, securityHeaders: {profile: none, contentSecurityPolicy: {reportOnly: true}}}]",
        "routes[0].securityHeaders.contentSecurityPolicy: the policy has no directive");
    assertProblems("routes: [{pattern: /a, securityHeaders: {removeFromResponse: [Server], headers: {Server: x}}}]",
        "routes[0].securityHeaders: Server is both set and listed in removeFromResponse");
  }

  /** Breaker settings and the rules between them. */
  @Test
  void circuitBreakers() {
    assertProblems("routes: [{pattern: /a, circuitBreaker: {consecutiveFailures: 0, failureRateThreshold: 150}}]",
        "routes[0].circuitBreaker.consecutiveFailures: 0: consecutiveFailures must be >= 1 but was 0",
        "routes[0].circuitBreaker.failureRateThreshold: 150: failureRateThreshold must be in (0, 100] but was 150.0");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {slidingWindow: {calls: 10, time: 10s}}}]",
        "routes[0].circuitBreaker.slidingWindow: set either calls or time");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {slidingWindow: {}}}]",
        "routes[0].circuitBreaker.slidingWindow: set either calls or time");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {slidingWindow: {calls: 5, bucket: 1s}}}]",
        "routes[0].circuitBreaker.slidingWindow.bucket: \"1s\": applies only to a time window");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {slidingWindow: {time: 90s, bucket: 60s}}}]",
        "routes[0].circuitBreaker.slidingWindow: length must be a multiple of the bucket (PT1M) but was PT1M30S");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {consecutiveFailures: 3, slidingWindow: {calls: 10}}}]",
        "routes[0].circuitBreaker: set either consecutiveFailures or slidingWindow, not both (consecutiveFailures=3, slidingWindow=SlidingWindow.ofCalls(10))");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {slidingWindow: {calls: 10}, slowCallRateThreshold: 50}}]",
        "routes[0].circuitBreaker: slowCallRateThreshold and slowCallDurationThreshold go together, but only slowCallRateThreshold was set");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {slidingWindow: {calls: 5}, minimumCalls: 10}}]",
        "routes[0].circuitBreaker: minimumCalls must be <= the window size (5) but was 10");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {openDuration: -1s}}]",
        "routes[0].circuitBreaker.openDuration: \"-1s\": expected a duration such as \"30s\", \"100ms\", \"15m\" or \"1h30m\"");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {openBackoff: {type: linear}}}]",
        "routes[0].circuitBreaker.openBackoff.type: \"linear\": expected one of none, fixed, exponential, decorrelated-jitter, decorrelated-jitter-v2");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {openDuration: 1s, openBackoff: {type: fixed, delay: 1s}}}]",
        "routes[0].circuitBreaker: set either openDuration or openBackoff, not both (openDuration=PT1S, openBackoff=fixed(PT1S))");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {failureRateThreshold: 50}}]",
        "routes[0].circuitBreaker: failureRateThreshold needs a slidingWindow");
  }

  /** Units of measure and number ranges. */
  @Test
  void durationsAndIntegers() {
    assertProblems("routes: [{pattern: /a, circuitBreaker: {openDuration: 30}}]",
        "routes[0].circuitBreaker.openDuration: 30: expected a duration such as \"30s\", \"100ms\", \"15m\" or \"1h30m\"");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {openDuration: 1.5s}}]",
        "routes[0].circuitBreaker.openDuration: \"1.5s\": expected a duration such as \"30s\", \"100ms\", \"15m\" or \"1h30m\"");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {openDuration: 10S}}]",
        "routes[0].circuitBreaker.openDuration: \"10S\": unknown unit 'S'; expected a duration such as \"30s\", \"100ms\", \"15m\" or \"1h30m\" (units ns, us, ms, s, m, h, d)");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {openDuration: 99999999999999999999s}}]",
        "routes[0].circuitBreaker.openDuration: \"99999999999999999999s\": the duration is too long");
    assertProblems("routes: [{pattern: /a, circuitBreaker: {maxHalfOpenCalls: 3000000000}}]",
        "routes[0].circuitBreaker.maxHalfOpenCalls: 3000000000: expected an integer between -2147483648 and 2147483647");
  }

  /** Timeouts, retries, backoffs and budgets. */
  @Test
  void outboundPolicies() {
    assertProblems("outbound: {llm: {}}",
        "outbound.llm: set at least one of circuitBreaker, http, retry, timeout");
    assertProblems("outbound: {llm: {timeout: 0s}}",
        "outbound.llm.timeout: \"0s\": must be positive");
    assertProblems("outbound: {llm: {retry: {maxAttempts: 0, attempts: 3}}}",
        "outbound.llm.retry.attempts: unknown key; known keys: backoff, budget, maxAttempts, maxDuration, retryOnRejection",
        "outbound.llm.retry.maxAttempts: 0: maxAttempts must be >= 1 but was 0");
    assertProblems("outbound: {llm: {retry: {backoff: {type: fixed}}}}",
        "outbound.llm.retry.backoff.delay: required key is missing");
    assertProblems("outbound: {llm: {retry: {backoff: {type: exponential, initial: 1s, cap: 100ms, base: 1s}}}}",
        "outbound.llm.retry.backoff.base: \"1s\": not used by type exponential");
    assertProblems("outbound: {llm: {retry: {backoff: {type: exponential, initial: 1s, cap: 10s, jitter: ten}}}}",
        "outbound.llm.retry.backoff.jitter: \"ten\": expected none, full, equal, a percentage such as \"10%\" (plus or minus),"
            + " or \"+20%\" (added only)");
    assertProblems("outbound: {llm: {retry: {backoff: {type: exponential, initial: 1s, cap: 10s, jitter: 150%}}}}",
        "outbound.llm.retry.backoff.jitter: \"150%\": a jitter percentage must be at most 100%");
    assertProblems("outbound: {llm: {retry: {backoff: {type: decorrelated-jitter, base: 1s, cap: 10s, jitter: full}}}}",
        "outbound.llm.retry.backoff.jitter: \"full\": not used by type decorrelated-jitter");
    assertProblems("outbound: {llm: {retry: {budget: {type: percent, percent: 20}}}}",
        "outbound.llm.retry.budget.minRetriesPerSecond: required key is missing",
        "outbound.llm.retry.budget.window: required key is missing");
    assertProblems("outbound: {llm: {retry: {budget: {type: token-bucket, maxTokens: 0, tokenRatio: 0.1, window: 1s}}}}",
        "outbound.llm.retry.budget.window: \"1s\": not used by type token-bucket");
    assertProblems("outbound: [llm]",
        "outbound: [\"llm\"]: expected an object");
  }

  /** The default route and inherited settings. */
  @Test
  void defaultRouteAndRouteDefaults() {
    assertProblems("defaultRoute: {pattern: /x, methods: [GET]}",
        "defaultRoute.pattern: unknown key; known keys: circuitBreaker, concurrency, connections, cors, key, name, rateLimit, securityHeaders, shadow, validation",
        "defaultRoute.methods: unknown key; known keys: circuitBreaker, concurrency, connections, cors, key, name, rateLimit, securityHeaders, shadow, validation");
    assertProblems("defaultRoute: {name: a}\nroutes: [{pattern: /a, name: a}]",
        "defaultRoute: the route name \"a\" is already used by routes[0]");
    assertProblems("routeDefaults: {pattern: /x, rateLimit: {limit: 1/minit}}\nroutes: [{pattern: /a}, {pattern: /b}]",
        "routeDefaults.pattern: unknown key; known keys: circuitBreaker, concurrency, connections, cors, key, rateLimit, securityHeaders, validation",
        "routeDefaults.rateLimit.limit: \"1/minit\": unknown unit 'minit' in \"1/minit\"");
  }
  @Test
  void aKeyInheritedFromRouteDefaultsIsIgnoredOnRoutesWithoutLimits() {
    LoadedConfig config = EdgeConfigLoader.defaults().fromYaml(
        "routeDefaults: {key: 'header:X-Api-Key'}\nroutes: [{pattern: /a}, {pattern: /b, rateLimit: 1/s}]");

    assertThat(config.rateLimiter("/a")).isEmpty();
    assertThat(config.rateLimiter("/b")).isPresent();
  }
}
