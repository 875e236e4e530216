package dev.bulwark.testalloc;

import java.lang.reflect.Method;

/**
 * Bytes allocated by the current thread, from HotSpot's {@code com.sun.management.ThreadMXBean},
 * for the zero-allocation tests of every module (shipped in bulwark-core's test-jar). Reached
 * reflectively: the tests compile inside their module, which does not read java.management.
 * Thread safe; each call reads the calling thread's own counter.
 */
public final class Allocations {

  private static final Object BEAN;
  private static final Method ALLOCATED;

  static {
    try {
      BEAN =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod("getThreadMXBean")
              .invoke(null);
      ALLOCATED =
          Class.forName("com.sun.management.ThreadMXBean")
              .getMethod("getThreadAllocatedBytes", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Allocations() {}

  /**
   * Returns the bytes the calling thread has allocated since it started; subtract two readings
   * taken on the same thread to measure what lies between them.
   *
   * @return the calling thread's allocated bytes, cumulative
   * @throws IllegalStateException if the JVM's thread bean cannot be read
   */
  public static long ofCurrentThread() {
    try {
      return (Long) ALLOCATED.invoke(BEAN, Thread.currentThread().getId());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
