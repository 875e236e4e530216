package dev.bulwark.retry;

import java.time.Duration;

/**
 * What a {@link Hedge} reports to its {@link HedgeListener listeners}, only for calls that reached
 * their first hedge delay. Attempts are numbered from 1, the primary call being attempt 1.
 */
public sealed interface HedgeEvent {

  /**
   * Returns the hedge's name.
   *
   * @return the name
   */
  String name();

  /**
   * A hedged attempt started.
   *
   * @param name the hedge's name
   * @param attempt the attempt's number, at least 2
   * @param sinceCallStart the time since the call's primary attempt started, on the hedge's ticker
   */
  record Started(String name, int attempt, Duration sinceCallStart) implements HedgeEvent {}

  /**
   * The {@link RetryBudget} refused a hedged attempt: the call goes on with the attempts already
   * started, and starts no further one.
   *
   * @param name the hedge's name
   * @param attempt the number the refused attempt would have had
   */
  record BudgetExhausted(String name, int attempt) implements HedgeEvent {}

  /**
   * A hedged call succeeded; the other attempts were cancelled.
   *
   * @param name the hedge's name
   * @param winner the number of the attempt whose result the caller gets (1 for the primary)
   * @param attempts the attempts started
   */
  record Won(String name, int winner, int attempts) implements HedgeEvent {}

  /**
   * Every attempt of a hedged call failed: the caller gets the primary attempt's exception, the
   * others' suppressed in it.
   *
   * @param name the hedge's name
   * @param attempts the attempts started
   * @param failure the exception thrown to the caller
   */
  record Failed(String name, int attempts, Throwable failure) implements HedgeEvent {}
}
