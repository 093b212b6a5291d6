package movierec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * A real Neo4j DBMS (Community, embedded) with the Bolt connector on, plus Neo4j Browser's static app.
 *
 * <p>Why embedded: the server tarball is not on Maven Central, the jars are. The same Cypher, the same
 * Bolt protocol and the same store format as the Docker image, so the Python side cannot tell the
 * difference. Settings come from environment variables (see scripts/neo4j-local).
 */
public final class LocalNeo4j {
  private LocalNeo4j() {}

  public static void main(String[] args) throws Exception {
    String home = env("NEO4J_LOCAL_HOME", "var/neo4j");
    String host = env("NEO4J_LOCAL_HOST", "127.0.0.1");
    int boltPort = Integer.parseInt(env("NEO4J_LOCAL_BOLT_PORT", "7687"));
    int httpPort = Integer.parseInt(env("NEO4J_LOCAL_HTTP_PORT", "7474"));
    String pagecache = env("NEO4J_LOCAL_PAGECACHE", "512m");
    String password = System.getenv("NEO4J_PASSWORD");
    if (password == null || password.length() < 8) {
      System.err.println("NEO4J_PASSWORD must be set (8 characters or more)");
      System.exit(2);
    }

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(Path.of(home).toAbsolutePath())
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(host, boltPort))
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory, parseBytes(pagecache))
            // LOAD CSV's file:/// URLs resolve inside <home>/import, as in the server's layout.
            .setConfig(
                GraphDatabaseSettings.load_csv_file_url_root,
                Path.of(home, "import").toAbsolutePath())
            .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  dbms.shutdown();
                  stopped.countDown();
                }));
    setPassword(dbms, password);
    dbms.database("neo4j").executeTransactionally("RETURN 1");
    HttpServer http = serveBrowser(host, httpPort, boltPort);
    System.out.printf(
        "READY bolt://%s:%d browser http://%s:%d%n", host, boltPort, host, httpPort);
    System.out.flush();
    stopped.await();
    http.stop(0);
  }

  private static String env(String key, String fallback) {
    String value = System.getenv(key);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static long parseBytes(String text) {
    String t = text.trim().toLowerCase();
    long unit = 1;
    if (t.endsWith("g")) unit = 1L << 30;
    else if (t.endsWith("m")) unit = 1L << 20;
    else if (t.endsWith("k")) unit = 1L << 10;
    if (unit != 1) t = t.substring(0, t.length() - 1);
    return Long.parseLong(t) * unit;
  }

  /** Same auth as the Docker image's NEO4J_AUTH=neo4j/password: user neo4j, no forced change. */
  private static void setPassword(DatabaseManagementService dbms, String password) {
    try {
      dbms.database("system")
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
    } catch (RuntimeException e) {
      // Neo4j refuses to "change" a password to its current value; anything else is fatal.
      if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
        throw e;
      }
    }
  }

  /** Serves the neo4j-browser jar's static app, and the discovery document the Browser asks for. */
  private static HttpServer serveBrowser(String host, int httpPort, int boltPort) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, httpPort), 0);
    String discovery =
        String.format(
            "{\"bolt_direct\":\"bolt://%s:%d\",\"bolt_routing\":\"neo4j://%s:%d\","
                + "\"neo4j_version\":\"%s\",\"neo4j_edition\":\"community\"}",
            host, boltPort, host, boltPort, env("NEO4J_VERSION", "5"));
    server.createContext("/", exchange -> handle(exchange, discovery));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return server;
  }

  private static void handle(HttpExchange exchange, String discovery) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
    if (path.equals("/") && accept.contains("application/json")) {
      send(exchange, 200, "application/json", discovery.getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (path.startsWith("/browser")) path = path.substring("/browser".length());
    if (path.isEmpty() || path.endsWith("/")) path = path + "index.html";
    if (path.contains("..")) {
      send(exchange, 400, "text/plain", "bad path".getBytes(StandardCharsets.UTF_8));
      return;
    }
    try (InputStream in = LocalNeo4j.class.getClassLoader().getResourceAsStream("browser" + path)) {
      if (in == null) {
        send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      send(exchange, 200, contentType(path), in.readAllBytes());
    }
  }

  private static void send(HttpExchange exchange, int code, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String contentType(String path) {
    if (path.endsWith(".html")) return "text/html; charset=utf-8";
    if (path.endsWith(".js")) return "application/javascript";
    if (path.endsWith(".css")) return "text/css";
    if (path.endsWith(".json")) return "application/json";
    if (path.endsWith(".svg")) return "image/svg+xml";
    if (path.endsWith(".png")) return "image/png";
    if (path.endsWith(".ico")) return "image/x-icon";
    if (path.endsWith(".woff2")) return "font/woff2";
    if (path.endsWith(".woff")) return "font/woff";
    if (path.endsWith(".ttf")) return "font/ttf";
    return "application/octet-stream";
  }
}
