package ecograph.neo4jlocal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;

/**
 * {@code --bulk-import}: builds the {@code neo4j} database of a data folder from CSV files with
 * Neo4j's own import tool ({@code neo4j-admin database import full}, module
 * {@code org.neo4j:neo4j-import-tool}, already on the classpath of {@code org.neo4j:neo4j}).
 *
 * <pre>
 *   java -Xmx512m -jar neo4j-local.jar --bulk-import --data DIR [import options...]
 * </pre>
 *
 * Everything after {@code --data DIR} is passed to {@code database import full} unchanged (e.g.
 * {@code --nodes=Label=file.csv --relationships=TYPE=file.csv --overwrite-destination}); the
 * database name {@code neo4j} is put first. The DBMS of DIR must not be running. Exit code: the
 * import tool's (0 on success).
 */
final class BulkImport {

    private BulkImport() {}

    static int run(String[] args) throws Exception {
        Path data = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--data") && i + 1 < args.length) {
                data = Path.of(args[++i]);
            } else if (arg.startsWith("--data=")) {
                data = Path.of(arg.substring("--data=".length()));
            } else {
                rest.add(arg);
            }
        }
        if (data == null) {
            String env = System.getenv("NEO4J_LOCAL_DATA");
            data = Path.of(env != null && !env.isBlank() ? env : "neo4j-data");
        }
        Path home = data.toAbsolutePath();
        Files.createDirectories(home);
        // The database name goes first: the file options take a variable number of values.
        List<String> command = new ArrayList<>(Arrays.asList("database", "import", "full", "neo4j"));
        command.addAll(rest);
        ExecutionContext context = new ExecutionContext(home, home.resolve("conf"));
        return AdminTool.execute(context, command.toArray(new String[0]));
    }
}
