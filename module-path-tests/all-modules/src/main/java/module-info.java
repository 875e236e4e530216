/**
 * A user's application that requires every published Bulwark module. It declares only what a user
 * would: no jspecify, no Jetty; Netty and the servlet API because the adapters leave them to the
 * application.
 */
module consumer.all {
  requires dev.bulwark.core;
  requires dev.bulwark.ratelimit;
  requires dev.bulwark.ratelimit.redis;
  requires dev.bulwark.circuitbreaker;
  requires dev.bulwark.retry;
  requires dev.bulwark.validation;
  requires dev.bulwark.headers;
  requires dev.bulwark.http;
  requires dev.bulwark.config;
  requires dev.bulwark.servlet;
  requires dev.bulwark.netty;
  requires dev.bulwark.micrometer;
  requires dev.bulwark.http.client;
  // Exports nothing, like an application: the tests are patched into this module.
}
