<?php
// Run a plain PHP script that calls the API with file_get_contents() and a stream context (no
// extension, no library) against the replay server for each scenario and print, as JSON lines,
// what it printed. Usage: php run_php6.php PLAN.json PORT CLOSED [php-stream]. Round six; kept
// apart from run_php.php so that its texts keep their line numbers. Never used by the tests.
//
// "full": the script as it is usually first written, no ignore_errors: on a status >= 400 PHP
// itself warns "Failed to open stream: HTTP request failed! HTTP/1.1 401 ..." and the script
// goes on with false. "last": the script after debugging, with ignore_errors: it prints the
// status line ($http_response_header[0]) and the body. PHP's http wrapper reads no proxy from
// the environment: the dead-proxy scenario resolves the host itself.

function base_url(array $sc, string $port, string $closed): string
{
    return ['ok' => "http://127.0.0.1:$port/v1", 'closed' => "http://127.0.0.1:$closed/v1",
        'litellm' => 'http://127.0.0.1:' . (getenv('PASTED_LITELLM_PORT') ?: 0) . '/v1',
        'dns' => 'https://api.gateway-example.invalid/v1', 'tls' => "https://127.0.0.1:$port/v1",
        'proxy' => 'https://api.gateway-example.com/v1', 'root' => "http://127.0.0.1:$port",
        'doubled' => "http://127.0.0.1:$port/v1/v1"][$sc['base']];
}

if (($argv[1] ?? '') === '--one') {
    [, , $planPath, $idx, $port, $closed] = $argv;
    $sc = json_decode(file_get_contents($planPath), true)[(int)$idx];
    $full = $sc['style'] === 'full';
    $ctx = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: application/json\r\nAuthorization: Bearer " .
            getenv('OPENAI_API_KEY') . "\r\n",
        'content' => json_encode(['model' => $sc['model'], 'stream' => !empty($sc['stream']),
            'messages' => [['role' => 'user', 'content' => 'Say hello']]]),
        'timeout' => $sc['timeout'] ?? 10,
        'ignore_errors' => !$full,
    ]]);
    $body = file_get_contents(base_url($sc, $port, $closed) . '/chat/completions', false, $ctx);
    if (!$full) {
        echo $http_response_header[0] ?? 'no response', "\n";
        if ($body === false) {
            echo "request failed\n";
            exit(1);
        }
        if (!empty($sc['stream']) || strpos($body, 'choices') === false) {
            echo $body, "\n";
            exit(0);
        }
    }
    $data = json_decode($body, true);
    echo $data['choices'][0]['message']['content'], "\n";
    exit(0);
}

[, $planPath, $port, $closed] = $argv;
$clientName = $argv[4] ?? 'php-stream';
$plan = json_decode(file_get_contents($planPath), true);
$env = getenv();
foreach (['OPENAI_API_KEY', 'NO_PROXY', 'no_proxy', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY',
          'http_proxy'] as $k) {
    unset($env[$k]);
}
foreach ($plan as $sc) {
    if (!in_array($clientName, $sc['clients'], true)) {
        continue;
    }
    file_get_contents("http://127.0.0.1:$port/__set/{$sc['idx']}");
    $one = $env;
    if ($sc['key'] !== 'none') {
        $one['OPENAI_API_KEY'] = $sc['base'] === 'litellm' ? 'sk-proxy-demo' : 'sk-pasted-demo';
    }
    $proc = proc_open([PHP_BINARY, __FILE__, '--one', $planPath, (string)$sc['idx'], $port,
        $closed], [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['redirect', 1]],
        $pipes, null, $one);
    $text = stream_get_contents($pipes[1]);
    fclose($pipes[1]);
    proc_close($proc);
    echo json_encode(['idx' => $sc['idx'], 'client' => $clientName, 'version' => PHP_VERSION,
        'text' => $text], JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
}
