package dev.bulwark.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Records the context of every observation stopped on a registry, in order. */
final class StoppedObservations implements ObservationHandler<Observation.Context> {

  private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

  static StoppedObservations on(ObservationRegistry registry) {
    StoppedObservations handler = new StoppedObservations();
    registry.observationConfig().observationHandler(handler);
    return handler;
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return true;
  }

  @Override
  public void onStop(Observation.Context context) {
    stopped.add(context);
  }

  List<Observation.Context> all() {
    return List.copyOf(stopped);
  }

  List<Observation.Context> named(String name) {
    return stopped.stream().filter(c -> name.equals(c.getName())).collect(Collectors.toList());
  }
}
