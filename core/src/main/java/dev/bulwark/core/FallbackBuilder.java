package dev.bulwark.core;

import dev.bulwark.core.internal.Preconditions;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link Fallback}. Each setting may be made once (a second call throws
 * {@link IllegalStateException}); the value and the function are one setting, the substitute, so
 * setting both throws too. The order of calls never matters. Not thread-safe; the built fallback is.
 *
 * <p>Required: {@link #value} or {@link #function}. Defaults: name {@code "fallback"}, trigger
 * {@link FallbackTrigger#FAILURE_OR_REJECTION}, predicate: any exception.
 *
 * @param <R> the result type of the guarded calls
 */
public final class FallbackBuilder<R> {

  private @Nullable String name;
  private @Nullable FallbackFunction<? extends R> function;
  private @Nullable String substitute;
  private @Nullable FallbackTrigger trigger;
  private @Nullable Predicate<? super Exception> when;

  FallbackBuilder() {}

  /**
   * Names the fallback.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was already set
   */
  public FallbackBuilder<R> name(String name) {
    this.name = Preconditions.setNameOnce(this.name, name);
    return this;
  }

  /**
   * Sets a fixed substitute result.
   *
   * @param value the result; may be null
   * @return this builder
   * @throws IllegalStateException if a value or a function was already set
   */
  @SuppressWarnings("NullAway") // a null value is the caller's choice: returned as is
  public FallbackBuilder<R> value(@Nullable R value) {
    Preconditions.requireUnset("fallback", substitute);
    this.substitute = "value " + value;
    this.function = failure -> value;
    return this;
  }

  /**
   * Sets a function that computes the substitute result from the exception.
   *
   * @param function the function; called on the thread that saw the failure (async: the one that
   *     completed the stage)
   * @return this builder
   * @throws IllegalStateException if a value or a function was already set
   */
  public FallbackBuilder<R> function(FallbackFunction<? extends R> function) {
    Objects.requireNonNull(function, "function");
    Preconditions.requireUnset("fallback", substitute);
    this.substitute = "function " + function;
    this.function = function;
    return this;
  }

  /**
   * Chooses between failures, rejections, or both.
   *
   * @param trigger the trigger
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public FallbackBuilder<R> trigger(FallbackTrigger trigger) {
    this.trigger = Preconditions.setOnce("trigger", this.trigger, trigger);
    return this;
  }

  /**
   * Narrows the exceptions that the trigger selects: only those the predicate accepts are replaced.
   *
   * @param when the predicate; called on the thread that saw the failure; must not throw
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public FallbackBuilder<R> when(Predicate<? super Exception> when) {
    this.when = Preconditions.setOnce("when", this.when, when);
    return this;
  }

  /**
   * Builds the fallback.
   *
   * @return a new, immutable, thread-safe fallback
   * @throws IllegalStateException if neither a value nor a function was set
   */
  public Fallback<R> build() {
    FallbackFunction<? extends R> f = function;
    if (f == null) {
      throw new IllegalStateException("a fallback value or function must be set");
    }
    return new Fallback<>(
        name != null ? name : "fallback",
        f,
        trigger != null ? trigger : FallbackTrigger.FAILURE_OR_REJECTION,
        when != null ? when : failure -> true);
  }
}
