/**
 * The behavioural suite every Bulwark adapter must pass: {@link
 * dev.bulwark.http.contract.EdgeAdapterContract}, run against a real server that serves the
 * {@linkplain dev.bulwark.http.contract.ContractApp contract app} behind an {@link
 * dev.bulwark.http.Edge}.
 *
 * <p>How an adapter uses it: depend on http-edge's test-jar ({@code <type>test-jar</type>}, test
 * scope), extend {@code EdgeAdapterContract}, and implement {@code start(Edge, ContractApp)} by
 * starting the framework's server on {@code 127.0.0.1}, port 0, with the adapter in front of an app
 * that behaves as {@link dev.bulwark.http.contract.ContractApp} describes.
 *
 * <p>Build note: http-edge compiles its tests patched into the {@code dev.bulwark.http} module, so
 * this package needs {@code --add-modules=java.net.http} and {@code --add-reads
 * dev.bulwark.http=java.net.http} in http-edge's {@code default-testCompile} arguments. Nothing
 * here may depend on a framework type: the same classes run against every adapter.
 */
package dev.bulwark.http.contract;
