package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Subscribers of a {@link ReloadableEdge} are told of each replacement, once, in order. */
class ReloadableEdgeSubscribeTest {

  private final Edge first = Edge.builder().build();
  private final Edge second = Edge.builder().build();
  private final Edge third = Edge.builder().build();
  private final ReloadableEdge edges = ReloadableEdge.of(first);

  @Test
  void subscribersAreToldOfEachReplacementAfterItInTheOrderTheySubscribed() {
    List<String> calls = new ArrayList<>();
    edges.subscribe((previous, next) -> {
      assertThat(edges.current()).as("called after the swap").isSameAs(next);
      calls.add("a " + name(previous) + "->" + name(next));
    });
    edges.subscribe((previous, next) -> calls.add("b " + name(previous) + "->" + name(next)));
    assertThat(calls).as("nothing on subscribing").isEmpty();

    edges.replace(second);
    edges.replace(third);

    assertThat(calls).containsExactly("a first->second", "b first->second", "a second->third", "b second->third");
  }

  @Test
  void closingASubscriptionStopsItsCallsOnlyAndIsIdempotent() {
    List<String> calls = new ArrayList<>();
    ReloadableEdge.ReplaceListener listener = (previous, next) -> calls.add(name(next));
    ReloadableEdge.Subscription one = edges.subscribe(listener);
    ReloadableEdge.Subscription two = edges.subscribe(listener);
    edges.replace(second);
    assertThat(calls).as("subscribed twice, called twice").containsExactly("second", "second");

    one.close();
    one.close();
    edges.replace(third);
    assertThat(calls).containsExactly("second", "second", "third");

    two.close();
    edges.replace(first);
    assertThat(calls).containsExactly("second", "second", "third");
  }

  @Test
  void aThrowingSubscriberIsLoggedAndTheOthersAreStillTold() {
    List<String> calls = new ArrayList<>();
    edges.subscribe((previous, next) -> {
      throw new IllegalStateException("boom");
    });
    edges.subscribe((previous, next) -> calls.add(name(next)));

    assertThat(edges.replace(second)).isSameAs(first);

    assertThat(edges.current()).isSameAs(second);
    assertThat(calls).containsExactly("second");
  }

  @Test
  void nullsAreRefused() {
    assertThatThrownBy(() -> edges.subscribe(null)).isInstanceOf(NullPointerException.class).hasMessage("listener");
  }

  @Test
  void concurrentReplacementsReachEverySubscriberOnceEachAsOneChain() throws Exception {
    int threads = 4;
    int perThread = 500;
    List<Edge[]> seen = new ArrayList<>(); // replacements are serialized, so are the calls
    edges.subscribe((previous, next) -> seen.add(new Edge[] {previous, next}));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        work.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            edges.replace(Edge.builder().build());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    // Future.get orders every replace (and so every call) before these reads.
    assertThat(seen).hasSize(threads * perThread);
    assertThat(seen.get(0)[0]).isSameAs(first);
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i)[0]).as("each call continues the last").isSameAs(seen.get(i - 1)[1]);
    }
    assertThat(seen.get(seen.size() - 1)[1]).isSameAs(edges.current());
  }

  private String name(Edge edge) {
    return edge == first ? "first" : edge == second ? "second" : edge == third ? "third" : "other";
  }
}
