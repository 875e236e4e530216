package dev.bulwark.spring.boot;

import dev.bulwark.config.LoadedConfig;
import dev.bulwark.core.Pipeline;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link Pipeline} bean per entry of the document's {@code outbound} section: named
 * {@code bulwark.outbound.<name>}, qualified {@code <name>}, so that
 * {@code @Qualifier("llm") Pipeline llm} injects {@code LoadedConfig.pipeline("llm")} (timeout,
 * retry, breaker of {@code outbound.llm}). The entries' names are read from the environment when the
 * auto-configuration is processed; the pipelines come from the {@link LoadedConfig} bean, created
 * lazily (when first injected). A bean the application defines under the same name wins.
 */
final class OutboundPipelineRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

  /** The prefix of the pipelines' bean names. */
  static final String BEAN_NAME_PREFIX = "bulwark.outbound.";

  private @Nullable Environment environment;
  private @Nullable BeanFactory beanFactory;

  OutboundPipelineRegistrar() {}

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Environment env = Objects.requireNonNull(environment, "environment");
    BeanFactory factory = Objects.requireNonNull(beanFactory, "beanFactory");
    for (String name : SpringDocument.childNames(env, "outbound")) {
      String beanName = BEAN_NAME_PREFIX + name;
      if (registry.containsBeanDefinition(beanName)) {
        continue;
      }
      // Not the generic constructor RootBeanDefinition(Class<T>, Supplier<T>): on Boot 4 (Spring 7,
      // JSpecify-annotated) NullAway 0.12.3 in JSpecify mode crashes on generic constructor calls.
      RootBeanDefinition definition = new RootBeanDefinition(Pipeline.class);
      definition.setInstanceSupplier(() -> factory.getBean(LoadedConfig.class).pipeline(name));
      definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
      definition.setLazyInit(true);
      registry.registerBeanDefinition(beanName, definition);
    }
  }
}
