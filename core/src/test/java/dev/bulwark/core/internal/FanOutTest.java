package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FanOutTest {

  private final List<String> log = new ArrayList<>();

  private void failed(Consumer<String> listener, String event, RuntimeException e) {
    log.add("failed " + event + ": " + e.getMessage());
  }

  /** A listener type with a method, as the modules' listeners have. */
  private record Named(String name, List<String> log) {
    void on(String event) {
      if (name.equals("throwing")) {
        throw new IllegalStateException("boom");
      }
      log.add(name + " " + event);
    }
  }

  @Test
  void everyListenerGetsTheEventInOrderEvenAfterOneThrows() {
    Consumer<String> first = e -> log.add("first " + e);
    Consumer<String> throwing = e -> {
      throw new IllegalStateException("boom");
    };
    Consumer<String> last = e -> log.add("last " + e);
    FanOut.deliver(List.of(first, throwing, last), "a", Consumer::accept, this::failed);
    Named[] array = {new Named("last", log), new Named("throwing", log)};
    FanOut.deliver(array, "b", Named::on, (l, e, x) -> log.add("failed " + e + ": " + x.getMessage()));
    FanOut.deliverTo(throwing, "c", Consumer::accept, this::failed);
    assertThat(log)
        .containsExactly(
            "first a", "failed a: boom", "last a", "last b", "failed b: boom", "failed c: boom");
  }
}
