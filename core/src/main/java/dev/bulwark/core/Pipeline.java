package dev.bulwark.core;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs a call through several policies: {@code Pipeline.of(a, b, c).call(f)} is
 * {@code a(b(c(f)))}. The first policy is the outermost.
 *
 * <p>The recommended order is timeout, retry, circuit breaker, rate limiter: the timeout bounds
 * everything, each retry passes the breaker again, and the limiter innermost counts every attempt.
 *
 * <p>The links between policies are built once, here; running a call allocates nothing of the
 * pipeline's own. Sync ({@link #call}) and async ({@link #callAsync}) paths apply the same policies
 * in the same order. Immutable and thread-safe.
 */
public final class Pipeline {

  private final List<Policy> policies;
  private final Chain head;

  private Pipeline(List<Policy> policies) {
    this.policies = policies;
    Chain link = DirectCall.INSTANCE;
    for (int i = policies.size() - 1; i >= 0; i--) {
      link = Link.at(i, policies.get(i), link);
    }
    this.head = link;
  }

  /**
   * Creates a pipeline.
   *
   * @param policies the policies, outermost first; none means the call runs unguarded
   * @return the pipeline
   * @throws NullPointerException if the array or any policy is null
   */
  public static Pipeline of(Policy... policies) {
    return new Pipeline(List.of(policies));
  }

  /**
   * Returns the policies, outermost first.
   *
   * @return an immutable list
   */
  public List<Policy> policies() {
    return policies;
  }

  /**
   * Runs a call through the policies.
   *
   * @param call the call
   * @param <T> the result type
   * @return the call's result
   * @throws Exception what the call throws, or a policy's {@link RejectedException}
   */
  public <T> T call(CheckedSupplier<T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    return head.proceed(call);
  }

  /**
   * Runs an action through the policies.
   *
   * @param action the action
   * @throws Exception what the action throws, or a policy's {@link RejectedException}
   */
  public void run(CheckedRunnable action) throws Exception {
    Objects.requireNonNull(action, "action");
    CheckedSupplier<Boolean> asSupplier =
        () -> {
          action.run();
          return Boolean.TRUE;
        };
    head.proceed(asSupplier);
  }

  /**
   * Runs an asynchronous call through the policies. Never throws: failures and rejections complete
   * the returned stage exceptionally.
   *
   * @param call supplies the stage of the call
   * @param <T> the result type
   * @return the stage of the guarded call
   */
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> call) {
    Objects.requireNonNull(call, "call");
    return head.proceed(call);
  }

  @Override
  public String toString() {
    return "Pipeline" + policies;
  }

  /**
   * One policy and the link after it; the last link is {@link DirectCall}.
   *
   * <p>Why subclasses per depth: the JIT profiles each call site separately. With one shared
   * {@code proceed}, its {@code policy.execute} call site sees every policy type of the pipeline
   * (retry, breaker, limiter...) and becomes megamorphic: no inlining along the chain. Giving the
   * first positions their own copy of {@code proceed} keeps each of those call sites monomorphic in
   * the usual case of one pipeline shape, so the whole chain inlines.
   */
  private static class Link implements Chain {

    static Link at(int depth, Policy policy, Chain next) {
      switch (depth) {
        case 0:
          return new Link0(policy, next);
        case 1:
          return new Link1(policy, next);
        case 2:
          return new Link2(policy, next);
        case 3:
          return new Link3(policy, next);
        default:
          return new Link(policy, next);
      }
    }

    final Policy policy;
    final Chain next;

    Link(Policy policy, Chain next) {
      this.policy = policy;
      this.next = next;
    }

    @Override
    public <T> T proceed(CheckedSupplier<T> call) throws Exception {
      return policy.execute(call, next);
    }

    @Override
    public <T> CompletionStage<T> proceed(Supplier<? extends CompletionStage<T>> call) {
      try {
        CompletionStage<T> stage = policy.executeAsync(call, next);
        return stage != null
            ? stage
            : CompletableFuture.failedFuture(
                new NullPointerException(policy + " returned a null stage"));
      } catch (RuntimeException | Error e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }

  /** The outermost link: a call site of its own (see {@link Link}). */
  private static final class Link0 extends Link {
    Link0(Policy policy, Chain next) {
      super(policy, next);
    }

    @Override
    public <T> T proceed(CheckedSupplier<T> call) throws Exception {
      return policy.execute(call, next);
    }
  }

  /** The second link: a call site of its own (see {@link Link}). */
  private static final class Link1 extends Link {
    Link1(Policy policy, Chain next) {
      super(policy, next);
    }

    @Override
    public <T> T proceed(CheckedSupplier<T> call) throws Exception {
      return policy.execute(call, next);
    }
  }

  /** The third link: a call site of its own (see {@link Link}). */
  private static final class Link2 extends Link {
    Link2(Policy policy, Chain next) {
      super(policy, next);
    }

    @Override
    public <T> T proceed(CheckedSupplier<T> call) throws Exception {
      return policy.execute(call, next);
    }
  }

  /** The fourth link: a call site of its own (see {@link Link}). */
  private static final class Link3 extends Link {
    Link3(Policy policy, Chain next) {
      super(policy, next);
    }

    @Override
    public <T> T proceed(CheckedSupplier<T> call) throws Exception {
      return policy.execute(call, next);
    }
  }
}
