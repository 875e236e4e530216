package dev.bulwark.netty;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Which of Netty's HTTP message interfaces a message passing {@link BulwarkHandler} implements,
 * worked out once per message as a set of bits, so that the handler asks each question of an
 * {@code int} instead of with {@code instanceof}.
 *
 * <h2>Why not {@code instanceof}</h2>
 * On JDK 17 (before JDK 23), a type check against an interface that the JIT cannot resolve from
 * its profile (a call site that sees several message classes, as the handler's do: heads, bodies,
 * responses) looks the interface up in the class's list of secondary supertypes and then writes
 * the answer into the class's one-element cache. Asking the same class about several interfaces
 * in turn ({@code HttpObject}, then {@code HttpRequest}, then {@code LastHttpContent}) misses that
 * cache every time and rewrites it every time; the class is shared by every event-loop thread, so
 * the write also moves a cache line between cores, on every request (JDK-8180450, "type
 * pollution"). Netty's own hot paths test the exact classes they create first for the same
 * reason. So does {@link #of}: Netty's message classes by identity ({@code getClass() ==}, which
 * reads no supertype list), and {@code instanceof} only for other classes (a subclass, an
 * aggregator's message, an application's own type).
 *
 * <p>Stateless; every method is thread-safe.
 */
final class MessageKinds {

  /** An {@link HttpObject}; every other bit implies it. */
  static final int OBJECT = 1;
  /** An {@link HttpRequest}. */
  static final int REQUEST = 1 << 1;
  /** An {@link HttpResponse}. */
  static final int RESPONSE = 1 << 2;
  /** An {@link HttpContent}. */
  static final int CONTENT = 1 << 3;
  /** A {@link LastHttpContent}. */
  static final int LAST = 1 << 4;

  /** The class of {@link LastHttpContent#EMPTY_LAST_CONTENT}, the decoder's end of a body-less request. */
  private static final Class<?> EMPTY_LAST = LastHttpContent.EMPTY_LAST_CONTENT.getClass();

  private MessageKinds() {}

  /**
   * Returns the kinds {@code msg} is, as bits: {@link #OBJECT} for an {@link HttpObject}, plus
   * {@link #REQUEST}, {@link #RESPONSE}, {@link #CONTENT} and {@link #LAST} for each of those
   * interfaces it implements; 0 for anything that is not an {@link HttpObject}. Always the answer
   * {@code instanceof} gives.
   *
   * @param msg a message read or written
   * @return its kinds
   */
  static int of(Object msg) {
    Class<?> c = msg.getClass();
    if (c == DefaultHttpRequest.class) {
      return OBJECT | REQUEST;
    }
    if (c == EMPTY_LAST || c == DefaultLastHttpContent.class) {
      return OBJECT | CONTENT | LAST;
    }
    if (c == DefaultFullHttpResponse.class) {
      return OBJECT | RESPONSE | CONTENT | LAST;
    }
    if (c == DefaultHttpContent.class) {
      return OBJECT | CONTENT;
    }
    if (c == DefaultHttpResponse.class) {
      return OBJECT | RESPONSE;
    }
    if (c == DefaultFullHttpRequest.class) {
      return OBJECT | REQUEST | CONTENT | LAST;
    }
    return ofOther(msg);
  }

  /** The answer for a class other than Netty's common ones, by {@code instanceof}. */
  static int ofOther(Object msg) {
    if (!(msg instanceof HttpObject)) {
      return 0;
    }
    int kinds = OBJECT;
    if (msg instanceof HttpRequest) {
      kinds |= REQUEST;
    }
    if (msg instanceof HttpResponse) {
      kinds |= RESPONSE;
    }
    if (msg instanceof HttpContent) {
      kinds |= CONTENT;
    }
    if (msg instanceof LastHttpContent) {
      kinds |= LAST;
    }
    return kinds;
  }

  /** Tells whether {@code kinds} include {@code kind}. */
  static boolean is(int kinds, int kind) {
    return (kinds & kind) != 0;
  }
}
