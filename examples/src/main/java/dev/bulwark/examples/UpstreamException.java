package dev.bulwark.examples;

import java.io.IOException;

/**
 * The failure of a {@link SimulatedUpstream} call, as an LLM API's 5xx answer would surface in a
 * real client. An {@link IOException}, so the chat pipeline's retry treats it as transient (the
 * retry's default rule) and the breaker counts it as a failure.
 */
public final class UpstreamException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   */
  public UpstreamException(String message) {
    super(message);
  }
}
