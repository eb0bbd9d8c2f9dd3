// Run Java's java.net.http.HttpClient against the replay server for each scenario of the plan
// and print, as JSON lines, what the program printed.
// Usage: java -cp '/usr/share/java/*' RunJava.java PLAN.json PORT CLOSED [CLIENT]
// CLIENT: java-httpclient. Needs Java 17 and Jackson (Debian libjackson2-databind-java, jars in
// /usr/share/java); never used by the tests. "full" = the printed status/body plus
// e.printStackTrace(); "last" = the printed status/body plus e.toString().
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

public class RunJava {
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

    static void call(JsonNode sc, StringBuilder out) throws Exception {
        String key = sc.get("key").asText().equals("none") ? ""   // no key configured
            : sc.get("base").asText().equals("litellm") ? "sk-proxy-demo" : "sk-pasted-demo";
        Duration timeout = Duration.ofMillis((long) (sc.path("timeout").asDouble(10) * 1000));
        boolean stream = sc.path("stream").asBoolean(false);
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (sc.get("base").asText().equals("proxy")) {
            // HttpClient ignores HTTPS_PROXY: the proxy is given here, as a program configured
            // with a company proxy would
            builder.proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", Integer.parseInt(closed))));
        }
        HttpClient client = builder.build();
        String payload = MAPPER.writeValueAsString(Map.of("model", sc.get("model").asText(),
            "messages", List.of(Map.of("role", "user", "content", "Say hello")), "stream", stream));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl(sc) + "/chat/completions"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(payload))
            .build();
        if (stream) {
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            response.body().forEach(line -> out.append(line).append('\n'));
            return;
        }
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        if (response.statusCode() >= 400 || !body.contains("choices")) {
            out.append(response.statusCode()).append(' ').append(body).append('\n');
        }
        JsonNode root = MAPPER.readTree(body);
        if (response.statusCode() >= 400) {
            throw new IOException("request failed: HTTP " + response.statusCode());
        }
        out.append(root.get("choices").get(0).get("message").get("content").asText()).append('\n');
    }

    public static void main(String[] args) throws Exception {
        JsonNode plan = MAPPER.readTree(new java.io.File(args[0]));
        port = args[1];
        closed = args[2];
        String name = args.length > 3 ? args[3] : "java-httpclient";
        String version = System.getProperty("java.version");
        HttpClient setter = HttpClient.newHttpClient();
        for (JsonNode sc : plan) {
            boolean chosen = false;
            for (JsonNode c : sc.get("clients")) chosen |= c.asText().equals(name);
            if (!chosen) continue;
            setter.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/__set/"
                + sc.get("idx").asInt())).build(), HttpResponse.BodyHandlers.discarding());
            StringBuilder out = new StringBuilder();
            try {
                call(sc, out);
            } catch (Throwable e) {
                if (sc.get("style").asText().equals("full")) {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    out.append(trace);
                } else {
                    out.append(e.toString());
                }
            }
            System.out.println(MAPPER.writeValueAsString(Map.of("idx", sc.get("idx").asInt(),
                "client", name, "version", version, "text", out.toString())));
        }
        System.exit(0);
    }
}
