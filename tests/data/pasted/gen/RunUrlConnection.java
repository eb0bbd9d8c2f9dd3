// Run the JDK's HttpURLConnection against the replay server for each scenario of the plan and
// print, as JSON lines, what the program printed.
// Usage: java -cp '/usr/share/java/*' RunUrlConnection.java PLAN.json PORT CLOSED [CLIENT]
// CLIENT: java-urlconnection. Needs Java 17 and Jackson (Debian libjackson2-databind-java, jars
// in /usr/share/java); never used by the tests. The program is old-style Java: timeouts set,
// JSON written to getOutputStream(), then either conn.getInputStream() (which throws
// IOException "Server returned HTTP response code: 401 for URL: ..." on a status >= 400) or,
// for every other "full" program (idx % 4 == 2, "full" has the even idx), getResponseCode() and
// getErrorStream(), printing "<code> <body>" and stopping there. A 2xx body without "choices"
// is printed as "<code> <body>" before Jackson parses it. "full" = what it printed plus
// e.printStackTrace(); "last" (always the getInputStream() program) = e.toString().
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

public class RunUrlConnection {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static String port, closed;

    static String baseUrl(JsonNode sc) {
        String base = sc.get("base").asText();
        String root = Map.of("ok", "http://127.0.0.1:" + port, "closed", "http://127.0.0.1:" + closed,
            "litellm", "http://127.0.0.1:" + System.getenv().getOrDefault("PASTED_LITELLM_PORT", "0"),
            "dns", "https://api.gateway-example.invalid", "tls", "https://127.0.0.1:" + port,
            "proxy", "https://api.gateway-example.com", "root", "http://127.0.0.1:" + port,
            "doubled", "http://127.0.0.1:" + port + "/v1").get(base);
        return base.equals("root") ? root : root + "/v1";
    }

    static String read(InputStream in) throws IOException {
        return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    static void call(JsonNode sc, StringBuilder out, boolean errorStream) throws Exception {
        String key = sc.get("key").asText().equals("none") ? ""   // no key configured
            : sc.get("base").asText().equals("litellm") ? "sk-proxy-demo" : "sk-pasted-demo";
        int timeout = (int) (sc.path("timeout").asDouble(10) * 1000);
        boolean stream = sc.path("stream").asBoolean(false);
        URL url = new URL(baseUrl(sc) + "/chat/completions");
        HttpURLConnection conn;
        if (sc.get("base").asText().equals("proxy")) {
            // HttpURLConnection reads the https.proxyHost property, not HTTPS_PROXY: the proxy
            // is given here, as a program configured with a company proxy would
            conn = (HttpURLConnection) url.openConnection(new Proxy(Proxy.Type.HTTP,
                new InetSocketAddress("127.0.0.1", Integer.parseInt(closed))));
        } else {
            conn = (HttpURLConnection) url.openConnection();
        }
        conn.setRequestMethod("POST");
        conn.setConnectTimeout(timeout);
        conn.setReadTimeout(timeout);
        conn.setDoOutput(true);
        conn.setRequestProperty("Content-Type", "application/json");
        conn.setRequestProperty("Authorization", "Bearer " + key);
        String payload = MAPPER.writeValueAsString(Map.of("model", sc.get("model").asText(),
            "messages", List.of(Map.of("role", "user", "content", "Say hello")), "stream", stream));
        try (OutputStream os = conn.getOutputStream()) {
            os.write(payload.getBytes(StandardCharsets.UTF_8));
        }
        if (errorStream) {
            int code = conn.getResponseCode();
            if (code >= 400) {
                out.append(code).append(' ').append(read(conn.getErrorStream())).append('\n');
                return;
            }
        }
        if (stream) {
            BufferedReader reader = new BufferedReader(
                new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                out.append(line).append('\n');
            }
            return;
        }
        String body = read(conn.getInputStream());
        if (!body.contains("choices")) {
            out.append(conn.getResponseCode()).append(' ').append(body).append('\n');
        }
        JsonNode root = MAPPER.readTree(body);
        out.append(root.get("choices").get(0).get("message").get("content").asText()).append('\n');
    }

    public static void main(String[] args) throws Exception {
        JsonNode plan = MAPPER.readTree(new java.io.File(args[0]));
        port = args[1];
        closed = args[2];
        String name = args.length > 3 ? args[3] : "java-urlconnection";
        String version = System.getProperty("java.version");
        for (JsonNode sc : plan) {
            boolean chosen = false;
            for (JsonNode c : sc.get("clients")) chosen |= c.asText().equals(name);
            if (!chosen) continue;
            int idx = sc.get("idx").asInt();
            boolean full = sc.get("style").asText().equals("full");
            StringBuilder out = new StringBuilder();
            try {
                read(new URL("http://127.0.0.1:" + port + "/__set/" + idx).openStream());
                // the plan gives "full" to even idx: every other one of them reads getErrorStream()
                call(sc, out, full && idx % 4 == 2);
            } catch (Throwable e) {
                if (full) {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    out.append(trace);
                } else {
                    out.append(e.toString());
                }
            }
            System.out.println(MAPPER.writeValueAsString(Map.of("idx", idx,
                "client", name, "version", version, "text", out.toString())));
        }
        System.exit(0);
    }
}
