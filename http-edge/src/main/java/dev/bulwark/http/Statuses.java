package dev.bulwark.http;

/** The statuses an {@link Edge} answers with, and their RFC 9110 reason phrases. */
final class Statuses {

  static final int NO_CONTENT = 204;
  static final int BAD_REQUEST = 400;
  static final int FORBIDDEN = 403;
  static final int REQUEST_TIMEOUT = 408;
  static final int CONTENT_TOO_LARGE = 413;
  static final int URI_TOO_LONG = 414;
  static final int UNSUPPORTED_MEDIA_TYPE = 415;
  static final int HEADER_FIELDS_TOO_LARGE = 431;
  static final int NOT_IMPLEMENTED = 501;
  static final int SERVICE_UNAVAILABLE = 503;
  static final int VERSION_NOT_SUPPORTED = 505;
  static final int TOO_MANY_REQUESTS = 429;

  private Statuses() {}

  /** Returns the reason phrase of a status the edge sends. */
  static String reason(int status) {
    switch (status) {
      case NO_CONTENT:
        return "No Content";
      case BAD_REQUEST:
        return "Bad Request";
      case FORBIDDEN:
        return "Forbidden";
      case CONTENT_TOO_LARGE:
        return "Content Too Large";
      case URI_TOO_LONG:
        return "URI Too Long";
      case REQUEST_TIMEOUT:
        return "Request Timeout";
      case HEADER_FIELDS_TOO_LARGE:
        return "Request Header Fields Too Large";
      case NOT_IMPLEMENTED:
        return "Not Implemented";
      case VERSION_NOT_SUPPORTED:
        return "HTTP Version Not Supported";
      case UNSUPPORTED_MEDIA_TYPE:
        return "Unsupported Media Type";
      case TOO_MANY_REQUESTS:
        return "Too Many Requests";
      case SERVICE_UNAVAILABLE:
        return "Service Unavailable";
      default:
        throw new IllegalArgumentException("not a status the edge sends: " + status);
    }
  }

  /** The problem type slug appended to {@link EdgeBuilder#problemTypeBase(String)}. */
  static String slug(EdgeGate gate, int status) {
    switch (gate) {
      case CORS:
        return "cors-refused";
      case RATE_LIMIT:
        return "rate-limited";
      case CONCURRENCY:
        return "concurrency-limited";
      case CIRCUIT_BREAKER:
        return "circuit-open";
      default:
        switch (status) {
          case CONTENT_TOO_LARGE:
            return "content-too-large";
          case URI_TOO_LONG:
            return "uri-too-long";
          case REQUEST_TIMEOUT:
            return "request-timeout";
          case HEADER_FIELDS_TOO_LARGE:
            return "header-fields-too-large";
          case NOT_IMPLEMENTED:
            return "not-implemented";
          case VERSION_NOT_SUPPORTED:
            return "version-not-supported";
          case UNSUPPORTED_MEDIA_TYPE:
            return "unsupported-media-type";
          default:
            return "invalid-input";
        }
    }
  }
}
