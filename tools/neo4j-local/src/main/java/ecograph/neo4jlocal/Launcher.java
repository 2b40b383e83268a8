package ecograph.neo4jlocal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.internal.kernel.api.connectioninfo.ClientConnectionInfo;
import org.neo4j.internal.kernel.api.security.AuthenticationResult;
import org.neo4j.internal.kernel.api.security.LoginContext;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.api.security.AuthManager;
import org.neo4j.kernel.api.security.AuthToken;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

import sun.misc.Signal;

/**
 * Runs an embedded Neo4j 5 community DBMS with only a Bolt connector on 127.0.0.1.
 *
 * <pre>
 *   java -Xmx512m -jar target/neo4j-local.jar --port 7688 --data /tmp/neo4j-data
 * </pre>
 *
 * Prints exactly one line to stdout, {@code ecograph-neo4j ready bolt://127.0.0.1:PORT}, once Bolt
 * accepts connections; everything else goes to stderr (and Neo4j's own log to DATA/logs/debug.log).
 * SIGTERM/SIGINT shut the DBMS down cleanly and exit 0; any startup failure exits non-zero.
 */
public final class Launcher {

    static final String HOST = "127.0.0.1";

    private static final String USAGE = String.join("\n",
            "usage: java [-Xmx..] -jar neo4j-local.jar [--port N] [--data DIR] [--pagecache SIZE]",
            "       java [-Xmx..] -jar neo4j-local.jar --bulk-import --data DIR IMPORT-OPTIONS...",
            "         (neo4j-admin database import full IMPORT-OPTIONS... neo4j, DBMS stopped)",
            "  --port N          Bolt port on 127.0.0.1        (env NEO4J_LOCAL_PORT, default 7687)",
            "  --data DIR        Neo4j home / data folder      (env NEO4J_LOCAL_DATA, default ./neo4j-data)",
            "  --pagecache SIZE  page cache size, e.g. 128m    (env NEO4J_LOCAL_PAGECACHE, default 128m)",
            "  env NEO4J_USER (default neo4j), NEO4J_PASSWORD (required, >= 8 chars);",
            "  ECOGRAPH_NEO4J_USER / ECOGRAPH_NEO4J_PASSWORD are used when those are unset.");

    /** Counted down by SIGTERM/SIGINT; the main thread waits on it. */
    private static final CountDownLatch STOP = new CountDownLatch(1);

    private static volatile DatabaseManagementService dbms;

    private Launcher() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--bulk-import")) {
            try {
                System.exit(BulkImport.run(Arrays.copyOfRange(args, 1, args.length)));
            } catch (Exception e) {
                System.err.println("ecograph-neo4j: bulk import failed: " + describe(e));
                System.exit(1);
            }
            return;
        }
        Options opt;
        try {
            opt = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("ecograph-neo4j: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (opt == null) { // --help
            System.out.println(USAGE);
            return;
        }

        // Signals only release the main thread, which then shuts down and exits 0. The hook covers
        // any other way out of the JVM (System.exit elsewhere, SIGHUP, ...).
        Signal.handle(new Signal("TERM"), s -> STOP.countDown());
        Signal.handle(new Signal("INT"), s -> STOP.countDown());
        Runtime.getRuntime().addShutdownHook(new Thread(Launcher::shutdown, "ecograph-neo4j-shutdown"));

        try {
            checkPortFree(opt.port);
            Files.createDirectories(opt.data);
            dbms = start(opt);
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), opt.user, opt.password);
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(60_000)) {
                throw new IllegalStateException("database 'neo4j' did not become available");
            }
            waitForBolt(opt.port, 30_000);
        } catch (Throwable t) {
            System.err.println("ecograph-neo4j: failed to start: " + describe(t));
            shutdown();
            System.exit(1);
            return;
        }

        if (STOP.getCount() > 0) {
            System.out.println("ecograph-neo4j ready bolt://" + HOST + ":" + opt.port);
            System.out.flush();
        }
        try {
            STOP.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdown();
        System.exit(0);
    }

    /** Builds and starts the DBMS: Bolt on loopback only, no HTTP(S), auth on, small memory. */
    private static DatabaseManagementService start(Options opt) {
        return new DatabaseManagementServiceBuilder(opt.data)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, opt.port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, opt.port))
                // Netty's default 5 s "quiet period" (twice: boss + worker loops) makes every shutdown
                // take 10 s+ even with no client connected.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.udc_enabled, false) // no usage-data pings
                .setConfig(GraphDatabaseSettings.pagecache_memory, opt.pagecacheBytes)
                // keep at most ~2 rotated transaction log files of 32 MiB each
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(32))
                .build();
    }

    /**
     * Makes {@code user} log in with {@code password}, on a fresh or an existing data folder.
     * Runs on the system database (embedded calls bypass auth). Users other than "neo4j" are
     * created on demand, and then the default "neo4j" user (password "neo4j") is dropped.
     */
    static void setPassword(GraphDatabaseService system, String user, String password) {
        if (canLogIn(system, user, password)) {
            return; // usual restart case: skip Cypher, whose first use costs seconds of warm-up
        }
        Map<String, Object> p = Map.of("u", user, "p", password);
        boolean exists = system.executeTransactionally(
                "SHOW USERS YIELD user WHERE user = $u RETURN count(*) AS n", p,
                r -> ((Number) r.next().get("n")).longValue() > 0);
        if (!exists) {
            system.executeTransactionally("CREATE USER $u SET PASSWORD $p CHANGE NOT REQUIRED", p);
        } else {
            try {
                system.executeTransactionally("ALTER USER $u SET PASSWORD $p CHANGE NOT REQUIRED", p);
            } catch (QueryExecutionException e) {
                // Neo4j refuses to "change" a password to its current value: nothing to do then.
                String msg = String.valueOf(e.getMessage());
                if (!msg.contains("cannot be the same")) {
                    throw e;
                }
            }
        }
        if (!user.equals("neo4j")) {
            system.executeTransactionally("DROP USER neo4j IF EXISTS");
        }
    }

    /** True if user/password already authenticate (checked in-process, as a Bolt login would). */
    private static boolean canLogIn(GraphDatabaseService system, String user, String password) {
        try {
            AuthManager auth = ((GraphDatabaseAPI) system).getDependencyResolver().resolveDependency(AuthManager.class);
            LoginContext login = auth.login(AuthToken.newBasicAuthToken(user, password),
                    ClientConnectionInfo.EMBEDDED_CONNECTION);
            return login.subject().getAuthenticationResult() == AuthenticationResult.SUCCESS;
        } catch (Exception e) {
            return false; // fall back to (re)setting the password with Cypher
        }
    }

    /** Fails fast, before the slow DBMS start, if the Bolt port is already taken. */
    private static void checkPortFree(int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as Neo4j's own listener: sockets in TIME_WAIT do not count
            s.bind(new InetSocketAddress(HOST, port));
        } catch (BindException e) {
            throw new BindException(HOST + ":" + port + " is already in use");
        }
    }

    /** Waits until a TCP connection to the Bolt port succeeds. */
    private static void waitForBolt(int port, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 500);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("Bolt port " + port + " does not accept connections", e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Idempotent: shuts the DBMS down once, whoever calls first (main thread or shutdown hook). */
    private static synchronized void shutdown() {
        DatabaseManagementService m = dbms;
        dbms = null;
        if (m != null) {
            try {
                m.shutdown();
            } catch (Throwable t) {
                System.err.println("ecograph-neo4j: error during shutdown: " + describe(t));
            }
        }
    }

    /** Exception chain as one line: "Outer: msg <- Cause: msg ...". */
    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 2000; c = c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }

    /** Command-line flags with environment fallbacks. */
    static final class Options {
        int port;
        Path data;
        long pagecacheBytes;
        String user;
        String password;

        /** Returns null for --help; throws IllegalArgumentException on bad input. */
        static Options parse(String[] args, Map<String, String> env) {
            Options o = new Options();
            String port = env.getOrDefault("NEO4J_LOCAL_PORT", "7687");
            String data = env.getOrDefault("NEO4J_LOCAL_DATA", "neo4j-data");
            String pagecache = env.getOrDefault("NEO4J_LOCAL_PAGECACHE", "128m");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) { // --flag=value
                    value = a.substring(eq + 1);
                    a = a.substring(0, eq);
                }
                switch (a) {
                    case "-h", "--help" -> { return null; }
                    case "--port" -> port = value != null ? value : next(args, ++i, a);
                    case "--data" -> data = value != null ? value : next(args, ++i, a);
                    case "--pagecache" -> pagecache = value != null ? value : next(args, ++i, a);
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            try {
                o.port = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port: " + port);
            }
            if (o.port < 1 || o.port > 65535) {
                throw new IllegalArgumentException("bad port: " + port);
            }
            try {
                o.pagecacheBytes = ByteUnit.parse(pagecache);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad page cache size: " + pagecache);
            }
            o.data = Path.of(data).toAbsolutePath().normalize();
            o.user = firstSet(env, "NEO4J_USER", "ECOGRAPH_NEO4J_USER", "neo4j");
            o.password = firstSet(env, "NEO4J_PASSWORD", "ECOGRAPH_NEO4J_PASSWORD", null);
            if (o.password == null) {
                throw new IllegalArgumentException("NEO4J_PASSWORD is not set");
            }
            if (o.password.length() < 8) { // Neo4j's default dbms.security.auth_minimum_password_length
                throw new IllegalArgumentException("NEO4J_PASSWORD must be at least 8 characters");
            }
            return o;
        }

        private static String next(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }

        private static String firstSet(Map<String, String> env, String a, String b, String dflt) {
            for (String k : new String[] {a, b}) {
                String v = env.get(k);
                if (v != null && !v.isEmpty()) {
                    return v;
                }
            }
            return dflt;
        }
    }
}
