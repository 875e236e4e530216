package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Enumeration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;

/** Registration: programmatic and {@code web.xml}-style, and the errors that make it loud. */
class BulwarkFilterInitTest {

  /** A web.xml edge factory: one request per minute on {@code /limited}. */
  public static final class OnePerMinute implements Supplier<Edge> {
    @Override
    public Edge get() {
      return Edge.builder().ticker(new ManualTicker())
          .route(Route.builder("/limited").name("limited").rateLimit(RateLimitGate.of("1/minute")).build())
          .build();
    }
  }

  /** Not a {@code Supplier}. */
  public static final class NotASupplier {}

  /** A supplier of something else. */
  public static final class SuppliesAString implements Supplier<String> {
    @Override
    public String get() {
      return "edge";
    }
  }

  /** A factory whose constructor fails. */
  public static final class Broken implements Supplier<Edge> {
    public Broken() {
      throw new IllegalStateException("no config file");
    }

    @Override
    public Edge get() {
      throw new AssertionError("unreachable");
    }
  }

  /** A factory without a public no-argument constructor. */
  public static final class NeedsArgument implements Supplier<Edge> {
    private final Edge edge;

    public NeedsArgument(Edge edge) {
      this.edge = edge;
    }

    @Override
    public Edge get() {
      return edge;
    }
  }

  @Test
  void webXmlStyleRegistrationCreatesTheEdgeFromTheFactoryClass() throws Exception {
    AtomicInteger handled = new AtomicInteger();
    try (EmbeddedJetty jetty = EmbeddedJetty.start("/", context -> {
      FilterHolder filter = new FilterHolder(BulwarkFilter.class);
      filter.setInitParameter(BulwarkFilter.EDGE_FACTORY_PARAMETER, " " + OnePerMinute.class.getName() + " ");
      context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new LambdaServlet((req, res) -> {
        handled.incrementAndGet();
        res.setStatus(204);
      })), "/*");
    })) {
      HttpResponse<String> first = Http.get(jetty.port(), "/limited");
      HttpResponse<String> second = Http.get(jetty.port(), "/limited");

      assertThat(first.statusCode()).isEqualTo(204);
      assertThat(first.headers().firstValue("RateLimit")).hasValue("\"limited\";r=0;t=60");
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(handled).as("a refused request never reaches the servlet").hasValue(1);
    }
  }

  @Test
  void aFilterWithoutAnEdgeOrWithTwoIsRefusedAtInit() {
    assertThatThrownBy(() -> new BulwarkFilter().init(config(Map.of())))
        .isInstanceOf(ServletException.class)
        .hasMessage("BulwarkFilter needs an Edge: use new BulwarkFilter(edge), or set the init-param"
            + " bulwark.edgeFactory to a Supplier<Edge> class");
    Edge edge = Edge.builder().build();
    assertThatThrownBy(() -> new BulwarkFilter(edge).init(config(Map.of("bulwark.edgeFactory", "x.Y"))))
        .isInstanceOf(ServletException.class)
        .hasMessage("BulwarkFilter was given an Edge by its constructor, so the init-param"
            + " bulwark.edgeFactory=x.Y would be ignored: remove one of them");
    assertThatThrownBy(() -> new BulwarkFilter((Edge) null))
        .isInstanceOf(NullPointerException.class).hasMessage("edge");
  }

  @Test
  void factoryProblemsAreNamedInTheMessage() {
    String prefix = "bulwark.edgeFactory=";
    assertThat(initError("com.example.Missing")).isEqualTo(prefix + "com.example.Missing: class not found");
    assertThat(initError(NotASupplier.class.getName()))
        .isEqualTo(prefix + NotASupplier.class.getName() + ": " + NotASupplier.class.getName()
            + " does not implement Supplier<Edge>");
    assertThat(initError(SuppliesAString.class.getName()))
        .isEqualTo(prefix + SuppliesAString.class.getName() + ": get() returned edge instead of an Edge");
    assertThat(initError(Broken.class.getName()))
        .isEqualTo(prefix + Broken.class.getName()
            + ": the constructor threw java.lang.IllegalStateException: no config file");
    assertThat(initError(NeedsArgument.class.getName()))
        .isEqualTo(prefix + NeedsArgument.class.getName() + ": no public no-argument constructor");
  }

  @Test
  void theHeldRequestsInitParamIsCheckedAndMayNotContradictTheCode() throws Exception {
    Edge edge = Edge.builder().build();
    new BulwarkFilter(edge).init(config(Map.of(BulwarkFilter.HELD_REQUESTS_PARAMETER, " End-If-Idle ")));
    assertThatThrownBy(() -> new BulwarkFilter(edge).init(config(Map.of(BulwarkFilter.HELD_REQUESTS_PARAMETER, "drop"))))
        .isInstanceOf(ServletException.class)
        .hasMessage("init-param bulwark.heldRequests: held requests must be one of keep, end-if-client-gone,"
            + " end-if-idle but was 'drop'");
    BulwarkFilter chosen = new BulwarkFilter(edge).withHeldRequests(HeldRequests.KEEP);
    assertThatThrownBy(() -> chosen.init(config(Map.of(BulwarkFilter.HELD_REQUESTS_PARAMETER, "keep"))))
        .isInstanceOf(ServletException.class)
        .hasMessage("BulwarkFilter was given HeldRequests.KEEP by withHeldRequests, so the init-param"
            + " bulwark.heldRequests=keep would be ignored: remove one of them");
    assertThatThrownBy(() -> chosen.withHeldRequests(HeldRequests.END_IF_IDLE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("held requests was already set to KEEP");
    assertThatThrownBy(() -> new BulwarkFilter(edge).withHeldRequests(null))
        .isInstanceOf(NullPointerException.class).hasMessage("policy");
  }

  @Test
  void heldRequestsParseTheirInitParamSpelling() {
    assertThat(HeldRequests.parse("keep")).isEqualTo(HeldRequests.KEEP);
    assertThat(HeldRequests.parse(" end-if-client-gone\t")).isEqualTo(HeldRequests.END_IF_CLIENT_GONE);
    assertThat(HeldRequests.parse("END_IF_IDLE")).isEqualTo(HeldRequests.END_IF_IDLE);
    assertThatThrownBy(() -> HeldRequests.parse("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("held requests must be one of keep, end-if-client-gone, end-if-idle but was ''");
    assertThatThrownBy(() -> HeldRequests.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aFilterThatWasNeverInitialisedSaysSo() {
    BulwarkFilter filter = new BulwarkFilter();
    assertThatThrownBy(() -> filter.doFilter(
            StubRequest.create("GET", "", "/x", "10.0.0.1"), StubRequest.response(), (q, r) -> { }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("BulwarkFilter has no Edge: init(FilterConfig) was not called");
  }

  private static String initError(String className) {
    try {
      new BulwarkFilter().init(config(Map.of(BulwarkFilter.EDGE_FACTORY_PARAMETER, className)));
    } catch (ServletException e) {
      return e.getMessage();
    }
    throw new AssertionError("init succeeded with " + className);
  }

  private static FilterConfig config(Map<String, String> params) {
    Map<String, String> copy = new HashMap<>(params);
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "bulwark";
      }

      @Override
      public ServletContext getServletContext() {
        throw new UnsupportedOperationException();
      }

      @Override
      public String getInitParameter(String name) {
        return copy.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(copy.keySet());
      }
    };
  }
}
