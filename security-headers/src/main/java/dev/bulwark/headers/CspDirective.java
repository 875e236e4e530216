package dev.bulwark.headers;

/**
 * The source-list directives of Content Security Policy Level 3: every fetch directive, the
 * document directive {@code base-uri} and the navigation directives {@code frame-ancestors} and
 * {@code form-action}. ({@code sandbox}, {@code upgrade-insecure-requests}, {@code report-uri} and
 * {@code report-to} take no source list and have their own builder methods.)
 *
 * <p>A built policy lists its directives in the order of this enum, whatever order the builder
 * calls came in, so equal policies produce equal header values.
 *
 * <p>Which sources a directive accepts:
 * <ul>
 *   <li>every directive: {@code 'self'}, {@code 'none'} (alone), scheme sources ({@code https:})
 *       and host sources ({@code https://cdn.example.com:443/path/}); the plain fetch directives,
 *       {@link #BASE_URI}, {@link #FRAME_ANCESTORS} and {@link #FORM_ACTION} accept only these;
 *   <li>script and style directives and {@link #DEFAULT_SRC}: {@code 'unsafe-inline'},
 *       {@code 'unsafe-hashes'}, {@code 'report-sample'} and hashes;
 *   <li>{@link #SCRIPT_SRC}, {@link #SCRIPT_SRC_ELEM} and {@link #DEFAULT_SRC}:
 *       {@code 'unsafe-eval'}, {@code 'wasm-unsafe-eval'} and {@code 'strict-dynamic'};
 *   <li>per-request nonces: {@link #DEFAULT_SRC}, {@link #SCRIPT_SRC}, {@link #SCRIPT_SRC_ELEM},
 *       {@link #STYLE_SRC} and {@link #STYLE_SRC_ELEM} (nonces do not apply to attributes).
 * </ul>
 */
public enum CspDirective {
  /** {@code default-src}: the fallback for every fetch directive not set. */
  DEFAULT_SRC("default-src", Group.DEFAULT),
  /** {@code child-src}: workers and nested browsing contexts, where their own directive is unset. */
  CHILD_SRC("child-src", Group.FETCH),
  /** {@code connect-src}: fetch, XMLHttpRequest, WebSocket, EventSource, sendBeacon. */
  CONNECT_SRC("connect-src", Group.FETCH),
  /** {@code font-src}: fonts loaded by {@code @font-face}. */
  FONT_SRC("font-src", Group.FETCH),
  /** {@code frame-src}: documents loaded into frames and iframes. */
  FRAME_SRC("frame-src", Group.FETCH),
  /** {@code img-src}: images and favicons. */
  IMG_SRC("img-src", Group.FETCH),
  /** {@code manifest-src}: web app manifests. */
  MANIFEST_SRC("manifest-src", Group.FETCH),
  /** {@code media-src}: audio, video and text tracks. */
  MEDIA_SRC("media-src", Group.FETCH),
  /** {@code object-src}: {@code <object>} and {@code <embed>}; set it to {@code 'none'}. */
  OBJECT_SRC("object-src", Group.FETCH),
  /** {@code script-src}: all scripts, unless the -elem and -attr variants say otherwise. */
  SCRIPT_SRC("script-src", Group.SCRIPT),
  /** {@code script-src-elem}: {@code <script>} elements. */
  SCRIPT_SRC_ELEM("script-src-elem", Group.SCRIPT),
  /** {@code script-src-attr}: inline event handlers such as {@code onclick}. */
  SCRIPT_SRC_ATTR("script-src-attr", Group.SCRIPT_ATTR),
  /** {@code style-src}: all styles, unless the -elem and -attr variants say otherwise. */
  STYLE_SRC("style-src", Group.STYLE),
  /** {@code style-src-elem}: {@code <style>} and {@code <link rel=stylesheet>} elements. */
  STYLE_SRC_ELEM("style-src-elem", Group.STYLE),
  /** {@code style-src-attr}: inline {@code style} attributes. */
  STYLE_SRC_ATTR("style-src-attr", Group.STYLE_ATTR),
  /** {@code worker-src}: Worker, SharedWorker and ServiceWorker scripts. */
  WORKER_SRC("worker-src", Group.FETCH),
  /** {@code base-uri}: the URLs a {@code <base>} element may set (document directive). */
  BASE_URI("base-uri", Group.RESTRICTED),
  /** {@code frame-ancestors}: who may embed this page in a frame (navigation directive). */
  FRAME_ANCESTORS("frame-ancestors", Group.RESTRICTED),
  /** {@code form-action}: where forms may submit (navigation directive). */
  FORM_ACTION("form-action", Group.RESTRICTED);

  /** Which keywords, nonces and hashes a directive accepts. */
  enum Group {
    DEFAULT,
    FETCH,
    SCRIPT,
    SCRIPT_ATTR,
    STYLE,
    STYLE_ATTR,
    RESTRICTED
  }

  private final String directiveName;
  private final Group group;

  CspDirective(String directiveName, Group group) {
    this.directiveName = directiveName;
    this.group = group;
  }

  /**
   * Returns the directive's name as it appears in the header.
   *
   * @return the name, such as {@code script-src}
   */
  public String directiveName() {
    return directiveName;
  }

  /**
   * Returns whether a per-request nonce may be added to this directive.
   *
   * @return true for default-src, script-src, script-src-elem, style-src and style-src-elem
   */
  public boolean acceptsNonce() {
    return group == Group.DEFAULT || group == Group.SCRIPT || group == Group.STYLE;
  }

  /**
   * Returns whether hash sources and the inline keywords ({@code 'unsafe-inline'},
   * {@code 'unsafe-hashes'}, {@code 'report-sample'}) may appear in this directive.
   *
   * @return true for default-src and the script and style directives
   */
  public boolean acceptsInlineSources() {
    return group != Group.FETCH && group != Group.RESTRICTED;
  }

  /**
   * Returns whether the script-execution keywords ({@code 'unsafe-eval'},
   * {@code 'wasm-unsafe-eval'}, {@code 'strict-dynamic'}) may appear in this directive.
   *
   * @return true for default-src, script-src and script-src-elem
   */
  public boolean acceptsScriptKeywords() {
    return group == Group.DEFAULT || group == Group.SCRIPT;
  }

  /**
   * Returns the directive's header name.
   *
   * @return {@link #directiveName()}
   */
  @Override
  public String toString() {
    return directiveName;
  }
}
