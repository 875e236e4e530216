package dev.bulwark.http;

/** The statuses an {@link Edge} answers with, and their RFC 9110 reason phrases. */
final class Statuses {

  static final int SWITCHING_PROTOCOLS = 101;
  static final int NO_CONTENT = 204;
  static final int BAD_REQUEST = 400;
  static final int FORBIDDEN = 403;
  static final int REQUEST_TIMEOUT = 408;
  static final int CONTENT_TOO_LARGE = 413;
  static final int URI_TOO_LONG = 414;
  static final int UNSUPPORTED_MEDIA_TYPE = 415;
  static final int HEADER_FIELDS_TOO_LARGE = 431;
  static final int INTERNAL_SERVER_ERROR = 500;
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

  /**
   * The reason phrase of any 4xx or 5xx status registered with IANA, or {@code HTTP <status>} for
   * one without a phrase: the default title of an {@link ErrorBody}.
   */
  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 407 -> "Proxy Authentication Required";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 411 -> "Length Required";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 416 -> "Range Not Satisfiable";
      case 417 -> "Expectation Failed";
      case 421 -> "Misdirected Request";
      case 422 -> "Unprocessable Content";
      case 423 -> "Locked";
      case 424 -> "Failed Dependency";
      case 425 -> "Too Early";
      case 426 -> "Upgrade Required";
      case 428 -> "Precondition Required";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 451 -> "Unavailable For Legal Reasons";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      case 506 -> "Variant Also Negotiates";
      case 507 -> "Insufficient Storage";
      case 508 -> "Loop Detected";
      case 511 -> "Network Authentication Required";
      default -> "HTTP " + status;
    };
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
      case DRAINING:
        return "draining";
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
