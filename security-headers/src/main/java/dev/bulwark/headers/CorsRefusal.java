package dev.bulwark.headers;

/** Why a {@link CorsPolicy} did not allow a request. */
public enum CorsRefusal {
  /** The request has no {@code Origin} header, so it is not a CORS request. */
  ORIGIN_MISSING("the request has no Origin header"),
  /**
   * The origin is {@code null} (sandboxed frames, file: pages, data: URLs, redirects), which a
   * list of origins never allows.
   */
  ORIGIN_NULL("the origin null is never allowed"),
  /** The {@code Origin} header is not exactly {@code scheme://host[:port]}. */
  ORIGIN_MALFORMED("the Origin header is not a valid origin"),
  /** The origin is valid but not allowed by the policy. */
  ORIGIN_NOT_ALLOWED("the origin is not allowed"),
  /** The preflight's {@code Access-Control-Request-Method} is not an allowed method. */
  METHOD_NOT_ALLOWED("the method is not allowed"),
  /** A header in the preflight's {@code Access-Control-Request-Headers} is not allowed. */
  HEADER_NOT_ALLOWED("a request header is not allowed"),
  /** The preflight asks for private network access and the policy does not opt in. */
  PRIVATE_NETWORK_NOT_ALLOWED("private network access is not allowed");

  private final String description;

  CorsRefusal(String description) {
    this.description = description;
  }

  /**
   * Returns a short description for logs.
   *
   * @return the description, such as "the origin is not allowed"
   */
  public String description() {
    return description;
  }
}
