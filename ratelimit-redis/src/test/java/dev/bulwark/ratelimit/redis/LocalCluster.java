package dev.bulwark.ratelimit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A Redis Cluster of three masters (slots split in three), optionally one replica per master,
 * started on free loopback ports and formed from Java: CLUSTER MEET, CLUSTER ADDSLOTS and CLUSTER
 * REPLICATE, then waiting until every node reports {@code cluster_state:ok}. No redis-cli needed.
 *
 * <p>Nodes use a 1 s node timeout, and {@code cluster-require-full-coverage no} so that the slots
 * of the other masters keep working while one master is down.
 */
final class LocalCluster implements AutoCloseable {

  private static final int SLOTS = 16_384;

  private final List<RedisProcess> masters = new ArrayList<>();
  private final List<RedisProcess> replicas = new ArrayList<>();

  private LocalCluster() {}

  /** Starts and forms a cluster of 3 masters, each with {@code replicasPerMaster} (0 or 1) replicas. */
  static LocalCluster start(int replicasPerMaster) {
    LocalCluster cluster = new LocalCluster();
    try {
      for (int i = 0; i < 3; i++) {
        cluster.masters.add(node());
      }
      for (int i = 0; i < 3 * replicasPerMaster; i++) {
        cluster.replicas.add(node());
      }
      cluster.form();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private static RedisProcess node() {
    return RedisProcess.launch(
        "--cluster-enabled", "yes",
        "--cluster-config-file", "nodes.conf",
        "--cluster-node-timeout", "1000",
        "--cluster-require-full-coverage", "no",
        "--cluster-replica-validity-factor", "0");
  }

  private void form() {
    RedisProcess first = masters.get(0);
    for (RedisProcess node : all()) {
      try (Jedis jedis = node.connect()) {
        jedis.clusterMeet("127.0.0.1", first.port());
      }
    }
    for (int i = 0; i < masters.size(); i++) {
      int from = SLOTS * i / masters.size();
      int to = SLOTS * (i + 1) / masters.size();
      try (Jedis jedis = masters.get(i).connect()) {
        jedis.clusterAddSlots(IntStream.range(from, to).toArray());
      }
    }
    Await.until(Duration.ofSeconds(30), "every node to know all " + all().size(), () -> allKnow(all().size()));
    for (int i = 0; i < replicas.size(); i++) {
      String masterId = nodeId(masters.get(i % masters.size()));
      try (Jedis jedis = replicas.get(i).connect()) {
        jedis.clusterReplicate(masterId);
      }
    }
    Await.until(Duration.ofSeconds(30), "cluster_state:ok on every node", this::allOk);
    for (RedisProcess replica : replicas) {
      Await.until(Duration.ofSeconds(30), replica + " to sync", () -> synced(replica));
    }
  }

  private boolean allKnow(int nodes) {
    for (RedisProcess node : all()) {
      if (!info(node).contains("cluster_known_nodes:" + nodes)) {
        return false;
      }
    }
    return true;
  }

  private boolean allOk() {
    for (RedisProcess node : all()) {
      if (node.isAlive() && !info(node).contains("cluster_state:ok")) {
        return false;
      }
    }
    return true;
  }

  private static boolean synced(RedisProcess replica) {
    try (Jedis jedis = replica.connect()) {
      return jedis.info("replication").contains("master_link_status:up");
    } catch (JedisException e) {
      return false;
    }
  }

  private static String info(RedisProcess node) {
    try (Jedis jedis = node.connect()) {
      return jedis.clusterInfo();
    } catch (JedisException e) {
      return "";
    }
  }

  private static String nodeId(RedisProcess node) {
    try (Jedis jedis = node.connect()) {
      return jedis.clusterMyId();
    }
  }

  /**
   * Waits until a replica took over the slots of a stopped master, as every live node sees it: in
   * each node's CLUSTER NODES, the slot range of the stopped master belongs to a live master.
   */
  void awaitFailover(RedisProcess stoppedMaster) {
    int i = masters.indexOf(stoppedMaster);
    String range = SLOTS * i / masters.size() + "-" + (SLOTS * (i + 1) / masters.size() - 1);
    String deadAddress = "127.0.0.1:" + stoppedMaster.port() + "@";
    Await.until(Duration.ofSeconds(30), "a replica to own slots " + range + " everywhere", () -> {
      for (RedisProcess node : all()) {
        if (!node.isAlive()) {
          continue;
        }
        boolean taken = false;
        for (String line : nodesOf(node).split("\\r?\\n", -1)) {
          if (line.contains(" master ") || line.contains(",master ")) {
            if (line.endsWith(" " + range) && !line.contains(deadAddress) && !line.contains("fail")) {
              taken = true;
            }
          }
        }
        if (!taken) {
          return false;
        }
      }
      return true;
    });
  }

  private static String nodesOf(RedisProcess node) {
    try (Jedis jedis = node.connect()) {
      return jedis.clusterNodes();
    } catch (JedisException e) {
      return "";
    }
  }

  private static String roleOf(RedisProcess node) {
    try (Jedis jedis = node.connect()) {
      return jedis.info("replication");
    } catch (JedisException e) {
      return "";
    }
  }

  /** Waits until every live replica has received everything its master wrote so far. */
  void awaitReplicated() {
    for (int i = 0; i < replicas.size(); i++) {
      RedisProcess replica = replicas.get(i);
      RedisProcess master = masters.get(i % masters.size());
      if (!replica.isAlive() || !master.isAlive()) {
        continue;
      }
      long target = offset(master, "master_repl_offset:");
      Await.until(Duration.ofSeconds(30), replica + " to catch up", () -> offset(replica, "slave_repl_offset:") >= target);
    }
  }

  private static long offset(RedisProcess node, String field) {
    for (String line : roleOf(node).split("\\r?\\n", -1)) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).trim());
      }
    }
    return -1;
  }

  /** The master that holds {@code slot}. */
  RedisProcess masterOf(int slot) {
    int i = 0;
    while (SLOTS * (i + 1) / masters.size() <= slot) {
      i++;
    }
    return masters.get(i);
  }

  List<RedisProcess> masters() {
    return masters;
  }

  /** A cluster client with short timeouts and few attempts, so that a dead node fails fast. */
  JedisCluster client() {
    return client(Duration.ofSeconds(2));
  }

  /** A cluster client that spends at most {@code retries} retrying a command on a dead node. */
  JedisCluster client(Duration retries) {
    Set<HostAndPort> seeds = new LinkedHashSet<>();
    for (RedisProcess node : all()) {
      if (node.isAlive()) {
        seeds.add(node.hostAndPort());
      }
    }
    return new JedisCluster(
        seeds,
        DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(500).build(),
        2,
        retries);
  }

  private List<RedisProcess> all() {
    List<RedisProcess> all = new ArrayList<>(masters);
    all.addAll(replicas);
    return all;
  }

  @Override
  public void close() {
    for (RedisProcess node : all()) {
      node.close();
    }
  }
}
