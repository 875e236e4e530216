/**
 * Optional Jetty 12 integration: {@link dev.bulwark.servlet.jetty.BulwarkErrorHandler} renders
 * Jetty's own error responses with the edge's headers and error body. Needs {@code jetty-server} at
 * run time; the rest of the servlet adapter does not.
 */
@NullMarked
package dev.bulwark.servlet.jetty;

import org.jspecify.annotations.NullMarked;
