# Run Ruby's Faraday or Net::HTTP against the replay server for each scenario of the plan and
# print, as JSON lines, what the program printed. Usage: ruby run_ruby.rb PLAN.json PORT CLOSED
# [CLIENT]. CLIENT: ruby-faraday (Debian's ruby-faraday 1.x, Net::HTTP adapter) or ruby-net-http
# (the stdlib alone; its program comes after Faraday's). Needs Debian's ruby. Never used by tests.
#
# Each scenario runs as a child `ruby run_ruby.rb --one PLAN IDX PORT CLOSED CLIENT` whose stdout
# and stderr are captured together. "full": a user who, on a raise_error response, prints
# e.response[:body] and re-raises, so Ruby itself prints the uncaught exception (message and
# backtrace); "last": the program rescues and prints "#{e.class}: #{e.message}". The dead-proxy
# scenario sets https_proxy/HTTPS_PROXY in the child's environment: Faraday reads it by itself.
require "json"
require "net/http"
require "open3"

# the base URL a scenario names (run_node.js baseUrl())
def base_url(sc, port, closed)
  { "ok" => "http://127.0.0.1:#{port}/v1", "closed" => "http://127.0.0.1:#{closed}/v1",
    "litellm" => "http://127.0.0.1:#{ENV.fetch("PASTED_LITELLM_PORT", 0)}/v1",
    "dns" => "https://api.gateway-example.invalid/v1",
    "tls" => "https://127.0.0.1:#{port}/v1", "proxy" => "https://api.gateway-example.com/v1",
    "root" => "http://127.0.0.1:#{port}", "doubled" => "http://127.0.0.1:#{port}/v1/v1" }
    .fetch(sc["base"])
end

if ARGV[0] == "--one" && ARGV[5] != "ruby-net-http"
  # ---- the user program: one chat completion, as a typical Ruby script makes it ----
  require "faraday"
  $stdout.sync = true # as on a terminal: what was printed comes before the error
  _, plan_path, idx, port, closed = ARGV
  sc = JSON.parse(File.read(plan_path))[idx.to_i]
  timeout = sc["timeout"] || 10
  stream = !!sc["stream"]
  begin
    conn = Faraday.new(url: base_url(sc, port, closed),
                       request: { timeout: timeout, open_timeout: timeout }) do |f|
      f.response :raise_error
    end
    payload = { model: sc["model"], messages: [{ role: "user", content: "Say hello" }],
                stream: stream }
    begin
      resp = conn.post("chat/completions") do |req|
        req.headers["Content-Type"] = "application/json"
        # the key comes from the environment; empty when the user forgot to set it
        req.headers["Authorization"] = "Bearer #{ENV["OPENAI_API_KEY"]}"
        req.body = JSON.generate(payload)
        req.options.on_data = proc { |chunk, _size| print chunk } if stream
      end
    rescue Faraday::Error => e
      # the "full" user wants to see what the server said before the error is raised
      puts e.response[:body] if sc["style"] == "full" && e.response
      raise
    end
    unless stream
      puts "#{resp.status} #{resp.body}" if resp.status >= 400 || !resp.body.include?("choices")
      data = JSON.parse(resp.body)
      puts data["choices"][0]["message"]["content"]
    end
  rescue StandardError => e
    raise if sc["style"] == "full" # uncaught: Ruby prints it and exits with 1
    puts "#{e.class}: #{e.message}"
  end
  exit 0
end

if ARGV[0] == "--one"
  # ---- ruby-net-http: the same call with the stdlib's Net::HTTP alone. On a non-success the
  # program either calls res.value, which raises Net::HTTPClientException / HTTPFatalError
  # ("last" and half the "full" programs), or prints "<code> <body>" and exits (the "full"
  # ones with idx % 4 == 2). "full": the exception is left uncaught, so Ruby prints it
  # (message and backtrace); "last": the program rescues and prints e.message. Net::HTTP
  # takes its proxy from the environment by itself (p_addr defaults to :ENV; http_proxy, see
  # the runner below).
  $stdout.sync = true # as on a terminal: what was printed comes before the error
  _, plan_path, idx, port, closed = ARGV
  sc = JSON.parse(File.read(plan_path))[idx.to_i]
  timeout = sc["timeout"] || 10
  stream = !!sc["stream"]
  full = sc["style"] == "full"
  begin
    uri = URI("#{base_url(sc, port, closed)}/chat/completions")
    payload = { model: sc["model"], messages: [{ role: "user", content: "Say hello" }],
                stream: stream }
    res = nil
    Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == "https",
                                        open_timeout: timeout, read_timeout: timeout) do |http|
      # the key comes from the environment; empty when the user forgot to set it
      req = Net::HTTP::Post.new(uri, "Content-Type" => "application/json",
                                     "Authorization" => "Bearer #{ENV["OPENAI_API_KEY"]}")
      req.body = JSON.generate(payload)
      if stream
        http.request(req) { |r| r.read_body { |chunk| print chunk } }
        exit 0
      end
      res = http.request(req)
    end
    if full && idx.to_i % 4 == 2 # "full" has the even idx: every other one prints instead
      unless res.is_a?(Net::HTTPSuccess)
        puts "#{res.code} #{res.body}"
        exit 1
      end
    else
      res.value # raises on a non-2xx status
    end
    puts "#{res.code} #{res.body}" unless res.body.include?("choices")
    data = JSON.parse(res.body)
    puts data["choices"][0]["message"]["content"]
  rescue StandardError => e
    raise if full # uncaught: Ruby prints it and exits with 1
    puts e.message
  end
  exit 0
end

# ---- the runner: one child per scenario, one JSON line per scenario ----
require "faraday"
plan_path, port, closed, client = ARGV[0], ARGV[1], ARGV[2], ARGV[3] || "ruby-faraday"
plan = JSON.parse(File.read(plan_path))
clean = %w[OPENAI_API_KEY NO_PROXY no_proxy HTTPS_PROXY https_proxy HTTP_PROXY http_proxy]
clean.each { |k| ENV.delete(k) }
plan.each do |sc|
  next unless sc["clients"].include?(client)

  begin
    Net::HTTP.get(URI("http://127.0.0.1:#{port}/__set/#{sc["idx"]}"))
    env = {}
    env["OPENAI_API_KEY"] = sc["base"] == "litellm" ? "sk-proxy-demo" : "sk-pasted-demo" if sc["key"] != "none"
    env["https_proxy"] = env["HTTPS_PROXY"] = "http://127.0.0.1:#{closed}" if sc["base"] == "proxy"
    # Net::HTTP 0.2 (Ruby 3.1) looks the proxy up as for an http:// URI even with use_ssl: it
    # reads http_proxy only, which a user behind a proxy has set as well
    env["http_proxy"] = env["https_proxy"] if sc["base"] == "proxy" && client == "ruby-net-http"
    text, _status = Open3.capture2e(env, RbConfig.ruby, __FILE__, "--one", plan_path,
                                    sc["idx"].to_s, port, closed, client, stdin_data: "")
  rescue StandardError => e
    text = "runner error: #{e.class}: #{e.message}"
  end
  text = text.dup.force_encoding("UTF-8").scrub
  version = client == "ruby-net-http" ? Net::HTTP::VERSION : Faraday::VERSION
  $stdout.puts JSON.generate({ idx: sc["idx"], client: client, version: version, text: text })
  $stdout.flush
end
