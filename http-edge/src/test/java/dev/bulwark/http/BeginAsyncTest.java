package dev.bulwark.http;

import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.validation.InputPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Edge#beginAsync}: a route whose limiter is remote hands the decision off and continues on
 * the resume executor only when the answer arrives; every other request is decided at once; the
 * accounting is the synchronous path's (429 with its fields, permits released on refusal, on
 * completion, and when the resume executor refuses the continuation). The remote limiters are
 * in-memory ones whose asynchronous answers the test releases: ordering only, no wall time.
 */
class BeginAsyncTest {

  private final ManualTicker ticker = new ManualTicker();
  private final Held resume = new Held();

  /** Holds tasks (and remote answers) until the test runs them. */
  private static final class Held implements Executor {
    final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    int runAll() {
      int ran = 0;
      for (Runnable task; (task = tasks.poll()) != null; ran++) {
        task.run();
      }
      return ran;
    }
  }

  /** Defers each answer until {@link #answerAll} runs it. */
  private static final class Answers {
    final List<Runnable> pending = new ArrayList<>();

    <T> CompletableFuture<T> later(Supplier<T> decision) {
      CompletableFuture<T> stage = new CompletableFuture<>();
      pending.add(() -> stage.complete(decision.get()));
      return stage;
    }

    void answerAll() {
      List<Runnable> now = new ArrayList<>(pending);
      pending.clear();
      now.forEach(Runnable::run);
    }
  }

  private static final class RemoteRate implements KeyedRateLimiter<String> {
    final KeyedRateLimiter<String> local;
    final Answers answers;
    final boolean atOnce;

    RemoteRate(KeyedRateLimiter<String> local, Answers answers) {
      this(local, answers, false);
    }

    /** With {@code atOnce}, every answer is already made (as a deny cache gives it). */
    RemoteRate(KeyedRateLimiter<String> local, Answers answers, boolean atOnce) {
      this.local = local;
      this.answers = answers;
      this.atOnce = atOnce;
    }

    @Override
    public boolean isRemote() {
      return true;
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquireDecisionAsync(String key, int permits) {
      if (atOnce) {
        return CompletableFuture.completedFuture(local.tryAcquireDecision(key, permits));
      }
      return answers.later(() -> local.tryAcquireDecision(key, permits));
    }

    @Override
    public boolean tryAcquire(String key) {
      throw new AssertionError("the synchronous path was taken");
    }

    @Override
    public boolean tryAcquire(String key, int permits) {
      throw new AssertionError("the synchronous path was taken");
    }

    @Override
    public RateLimitDecision tryAcquireDecision(String key, int permits) {
      throw new AssertionError("the synchronous path was taken");
    }

    @Override
    public CompletionStage<RateLimitDecision> peekAsync(String key, int permits) {
      if (atOnce) {
        return CompletableFuture.completedFuture(local.peek(key, permits));
      }
      return answers.later(() -> local.peek(key, permits));
    }

    @Override
    public RateLimitDecision peek(String key, int permits) {
      throw new AssertionError("the synchronous path was taken");
    }

    @Override
    public List<RateLimit> limits() {
      return local.limits();
    }

    @Override
    public String name() {
      return "remote";
    }
  }

  private static final class RemoteConcurrency implements KeyedConcurrencyLimiter<String> {
    final KeyedConcurrencyLimiter<String> local = KeyedConcurrencyLimiter.builder(1, 1).build();
    final Answers answers;

    RemoteConcurrency(Answers answers) {
      this.answers = answers;
    }

    @Override
    public boolean isRemote() {
      return true;
    }

    @Override
    public CompletionStage<ConcurrencyLimiter.Permit> tryAcquireAsync(String key) {
      return answers.later(() -> local.tryAcquire(key));
    }

    @Override
    public ConcurrencyLimiter.Permit tryAcquire(String key) {
      throw new AssertionError("the synchronous path was taken");
    }

    @Override
    public int inFlight() {
      return local.inFlight();
    }

    @Override
    public int inFlight(String key) {
      return local.inFlight(key);
    }

    @Override
    public int trackedKeys() {
      return local.trackedKeys();
    }

    @Override
    public int maxPerKey() {
      return 1;
    }

    @Override
    public int maxTotal() {
      return 1;
    }

    @Override
    public String name() {
      return "remote";
    }
  }

  private RemoteRate remoteRate(Answers answers, int perMinute) {
    return new RemoteRate(KeyedRateLimiter.builder(RateLimit.perMinute(perMinute)).name("r").ticker(ticker).build(), answers);
  }

  @Test
  void aLocalRouteIsDecidedAtOnceWhileARemoteOneWaitsForItsAnswerThenResumesOnTheExecutor() {
    Answers answers = new Answers();
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/remote").name("remote").rateLimit(RateLimitGate.of(remoteRate(answers, 1))).build())
        .route(Route.builder("/local").name("local").rateLimit(RateLimitGate.of("5/minute")).build())
        .build();
    assertThat(edge.decidesRemotely()).isTrue();

    CompletableFuture<EdgeExchange> remote = edge.beginAsync(FakeRequest.get("/remote"), resume).toCompletableFuture();
    assertThat(remote).isNotDone();
    CompletableFuture<EdgeExchange> local = edge.beginAsync(FakeRequest.get("/local"), resume).toCompletableFuture();
    assertThat(local).isDone(); // answered while the remote decision is pending
    assertThat(local.join().admitted()).isTrue();
    local.join().complete(200);
    assertThat(resume.tasks).isEmpty();

    answers.answerAll();
    assertThat(remote).isNotDone(); // the rest of the chain waits for the resume executor
    assertThat(resume.runAll()).isEqualTo(1);
    EdgeExchange admitted = remote.join();
    assertThat(admitted.admitted()).isTrue();
    admitted.complete(200);

    CompletableFuture<EdgeExchange> refused = edge.beginAsync(FakeRequest.get("/remote"), resume).toCompletableFuture();
    answers.answerAll();
    resume.runAll();
    EdgeRejection rejection = rejection(refused.join());
    assertThat(rejection.status()).isEqualTo(429);
    assertThat(rejection.gate()).isEqualTo(EdgeGate.RATE_LIMIT);
    assertThat(Responses.header(rejection, "RateLimit")).isEqualTo("\"remote\";r=0;t=60");
    assertThat(Responses.header(rejection, "Retry-After")).isEqualTo("60");
  }

  @Test
  void rateLimitPartsWithARemotePartAreAskedAsynchronouslyAllOrNothing() {
    Answers answers = new Answers();
    RemoteRate perIp = remoteRate(answers, 3);
    RemoteRate perUser = remoteRate(answers, 1);
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/api").name("api").rateLimit(RateLimitGate.allOf(
            RateLimitGate.of(perIp).key(RateLimitKey.ip()),
            RateLimitGate.of(perUser).key(RateLimitKey.principal()))).build())
        .build();
    assertThat(edge.decidesRemotely()).isTrue();

    CompletableFuture<EdgeExchange> first =
        edge.beginAsync(FakeRequest.get("/api").peer("10.0.0.1").principal("u"), resume).toCompletableFuture();
    assertThat(first).isNotDone(); // both parts are being peeked
    assertThat(answers.pending).hasSize(2);
    answers.answerAll();
    assertThat(answers.pending).hasSize(1); // now taking the first part
    answers.answerAll();
    assertThat(answers.pending).hasSize(1); // then the second
    answers.answerAll();
    assertThat(first).isNotDone(); // the rest waits for the resume executor
    resume.runAll();
    assertThat(first.join().admitted()).isTrue();
    first.join().complete(200);

    // The user's part is spent: a refusal by it takes nothing from the IP's part.
    CompletableFuture<EdgeExchange> second =
        edge.beginAsync(FakeRequest.get("/api").peer("10.0.0.1").principal("u"), resume).toCompletableFuture();
    answers.answerAll();
    assertThat(answers.pending).isEmpty(); // refused at the peek: nothing is taken
    resume.runAll();
    EdgeRejection rejection = rejection(second.join());
    assertThat(rejection.status()).isEqualTo(429);
    assertThat(perIp.local.peek("10.0.0.1", 1).remaining()).isEqualTo(2);

    // Another user from the same IP is admitted by both parts.
    CompletableFuture<EdgeExchange> other =
        edge.beginAsync(FakeRequest.get("/api").peer("10.0.0.1").principal("v"), resume).toCompletableFuture();
    for (int round = 0; round < 3; round++) {
      answers.answerAll();
    }
    resume.runAll();
    assertThat(other.join().admitted()).isTrue();
    other.join().complete(200);
    assertThat(perIp.local.peek("10.0.0.1", 1).remaining()).isEqualTo(1);
  }

  @Test
  void aSingleKeyedPartIsAskedOnceWithoutAPeek() {
    Answers answers = new Answers();
    RemoteRate perUser = remoteRate(answers, 1);
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/api").name("api")
            .rateLimit(RateLimitGate.of(perUser).key(RateLimitKey.principal())).build())
        .build();
    CompletableFuture<EdgeExchange> first =
        edge.beginAsync(FakeRequest.get("/api").principal("u"), resume).toCompletableFuture();
    assertThat(answers.pending).hasSize(1);
    answers.answerAll();
    assertThat(answers.pending).isEmpty(); // one round trip, no peek before it
    resume.runAll();
    assertThat(first.join().admitted()).isTrue();
    first.join().complete(200);
  }

  @Test
  void aRemoteConcurrencyPermitIsHeldByTheAdmittedExchangeAndReleasedByARefusalAfterIt() {
    Answers answers = new Answers();
    RemoteConcurrency limiter = new RemoteConcurrency(answers);
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/api").rateLimit(RateLimitGate.of(remoteRate(answers, 10)))
            .concurrency(ConcurrencyGate.of(limiter))
            .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()).build())
        .build();

    CompletableFuture<EdgeExchange> probe =
        edge.beginAsync(FakeRequest.get("/api?q=1%27+OR+%271%27%3D%271"), resume).toCompletableFuture();
    answers.answerAll(); // the rate decision
    resume.runAll();
    assertThat(probe).isNotDone(); // now waiting for the concurrency permit
    answers.answerAll();
    resume.runAll();
    assertThat(rejection(probe.join()).status()).isEqualTo(400);
    assertThat(limiter.inFlight()).isZero();

    CompletableFuture<EdgeExchange> ok = edge.beginAsync(FakeRequest.get("/api?q=hello"), resume).toCompletableFuture();
    answers.answerAll();
    resume.runAll();
    answers.answerAll();
    resume.runAll();
    assertThat(ok.join().admitted()).isTrue();
    assertThat(limiter.inFlight()).isEqualTo(1);

    CompletableFuture<EdgeExchange> busy = edge.beginAsync(FakeRequest.get("/api?q=again"), resume).toCompletableFuture();
    answers.answerAll();
    resume.runAll();
    answers.answerAll();
    resume.runAll();
    assertThat(rejection(busy.join()).status()).isEqualTo(503);
    ok.join().complete(200);
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void aPermitTakenWhenTheResumeExecutorRefusesIsReleased() {
    Answers answers = new Answers();
    RemoteConcurrency limiter = new RemoteConcurrency(answers);
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/api").concurrency(ConcurrencyGate.of(limiter)).build())
        .build();
    Executor shutDown = task -> {
      throw new RejectedExecutionException("event loop shut down");
    };

    CompletableFuture<EdgeExchange> lost = edge.beginAsync(FakeRequest.get("/api"), shutDown).toCompletableFuture();
    answers.answerAll();

    assertThatThrownBy(lost::join).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(RejectedExecutionException.class);
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void anEdgeWithoutRemoteLimitsAnswersEveryRequestAtOnce() {
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/a").rateLimit(RateLimitGate.of("1/minute")).concurrency(ConcurrencyGate.of(1, 1)).build())
        .build();
    assertThat(edge.decidesRemotely()).isFalse();
    CompletableFuture<EdgeExchange> first = edge.beginAsync(FakeRequest.get("/a"), resume).toCompletableFuture();
    assertThat(first.join().admitted()).isTrue();
    first.join().complete(200);
    assertThat(rejection(edge.beginAsync(FakeRequest.get("/a"), resume).toCompletableFuture().join()).status())
        .isEqualTo(429);
    assertThat(resume.tasks).isEmpty();
    assertThatThrownBy(() -> edge.beginAsync(null, resume)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> edge.beginAsync(FakeRequest.get("/a"), null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("resume");
  }

  @Test
  void anAnswerAlreadyMadeContinuesOnTheCallingThread() {
    Answers answers = new Answers();
    RemoteRate limiter =
        new RemoteRate(KeyedRateLimiter.builder(RateLimit.perMinute(1)).name("r").ticker(ticker).build(), answers, true);
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/a").rateLimit(RateLimitGate.of(limiter)).build())
        .build();
    EdgeExchange first = edge.beginAsync(FakeRequest.get("/a"), resume).toCompletableFuture().join();
    assertThat(first.admitted()).isTrue();
    first.complete(200);
    assertThat(rejection(Objects.requireNonNull(edge.beginAsync(FakeRequest.get("/a"), resume).toCompletableFuture().getNow(null)))
        .status()).isEqualTo(429);
    assertThat(resume.tasks).isEmpty();
  }
}
