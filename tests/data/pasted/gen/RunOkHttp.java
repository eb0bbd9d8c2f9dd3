// Run OkHttp against the replay server for each scenario of the plan and print, as JSON lines,
// what the program printed.
// Usage: java -cp '/usr/share/java/*' RunOkHttp.java PLAN.json PORT CLOSED [CLIENT]
// CLIENT: okhttp. Needs Java 17, Debian's libokhttp-java (okhttp 3.13 and okio 1.16 jars, no
// Kotlin) and Jackson (libjackson2-databind-java), all in /usr/share/java; never used by the
// tests. The program: OkHttpClient with callTimeout/readTimeout, POST JSON, on
// !response.isSuccessful() throw OkHttp's recipe exception ("Unexpected code " + response + ": "
// + body), a 2xx body without "choices" printed as "<code> <body>" before Jackson parses it.
// "full" = what it printed plus e.printStackTrace(); "last" = what it printed plus e.toString().
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

public class RunOkHttp {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
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
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
            .callTimeout(timeout)
            .readTimeout(timeout)
            .retryOnConnectionFailure(false);   // one call, no silent retry
        if (sc.get("base").asText().equals("proxy")) {
            // OkHttp ignores HTTPS_PROXY: the proxy is given here, as a program configured with
            // a company proxy would
            builder.proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", Integer.parseInt(closed))));
        }
        OkHttpClient client = builder.build();
        String payload = MAPPER.writeValueAsString(Map.of("model", sc.get("model").asText(),
            "messages", List.of(Map.of("role", "user", "content", "Say hello")), "stream", stream));
        Request request = new Request.Builder()
            .url(baseUrl(sc) + "/chat/completions")
            .header("Authorization", "Bearer " + key)
            .post(RequestBody.create(JSON, payload))
            .build();
        try (Response response = client.newCall(request).execute()) {
            if (stream && response.isSuccessful()) {
                BufferedSource source = response.body().source();
                String line;
                while ((line = source.readUtf8Line()) != null) {
                    out.append(line).append('\n');
                }
                return;
            }
            String body = response.body().string();
            if (!response.isSuccessful()) {
                throw new IOException("Unexpected code " + response + ": " + body);
            }
            if (!body.contains("choices")) {
                out.append(response.code()).append(' ').append(body).append('\n');
            }
            JsonNode root = MAPPER.readTree(body);
            out.append(root.get("choices").get(0).get("message").get("content").asText()).append('\n');
        }
    }

    static String version() {
        // okhttp3.OkHttp.VERSION only exists from 4.x: ask dpkg for libokhttp-java's version
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "libokhttp-java").start();
            String v = new String(p.getInputStream().readAllBytes()).trim();
            return v.replaceFirst("-[^-]*$", "");   // upstream part, without Debian's revision
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) throws Exception {
        JsonNode plan = MAPPER.readTree(new java.io.File(args[0]));
        port = args[1];
        closed = args[2];
        String name = args.length > 3 ? args[3] : "okhttp";
        String version = version();
        OkHttpClient setter = new OkHttpClient();
        for (JsonNode sc : plan) {
            boolean chosen = false;
            for (JsonNode c : sc.get("clients")) chosen |= c.asText().equals(name);
            if (!chosen) continue;
            StringBuilder out = new StringBuilder();
            try {
                setter.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/__set/"
                    + sc.get("idx").asInt()).build()).execute().close();
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
