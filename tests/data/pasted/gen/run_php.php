<?php
// Run PHP's Guzzle or curl_* against the replay server for each scenario and print, as JSON
// lines, what the program printed. Usage: php run_php.php PLAN.json PORT CLOSED [CLIENT]
// CLIENT: php-guzzle or php-curl (a plain curl_* script, after Guzzle's). Needs Debian's php-cli,
// php-curl and php-guzzlehttp-guzzle (Guzzle takes its curl handler). Never used by the tests.
//
// Each scenario runs as a child `php run_php.php --one PLAN IDX PORT CLOSED CLIENT` whose
// stdout and stderr are captured together: in "full" style the child lets the exception
// escape, so the text is what PHP's CLI really prints for it ("PHP Fatal error:  Uncaught
// ..."); in "last" style it catches and echoes $e->getMessage(). The dead-proxy scenario sets
// HTTPS_PROXY in the child's environment, which Guzzle's Client reads by itself.

$GUZZLE = '/usr/share/php/GuzzleHttp/autoload.php';

// the base URL a scenario names (run_node.js baseUrl())
function base_url(array $sc, string $port, string $closed): string
{
    return ['ok' => "http://127.0.0.1:$port/v1", 'closed' => "http://127.0.0.1:$closed/v1",
        'litellm' => 'http://127.0.0.1:' . (getenv('PASTED_LITELLM_PORT') ?: 0) . '/v1',
        'dns' => 'https://api.gateway-example.invalid/v1', 'tls' => "https://127.0.0.1:$port/v1",
        'proxy' => 'https://api.gateway-example.com/v1', 'root' => "http://127.0.0.1:$port",
        'doubled' => "http://127.0.0.1:$port/v1/v1"][$sc['base']];
}

if (($argv[1] ?? '') === '--one' && ($argv[6] ?? '') !== 'php-curl') {
    // ---- the user program: one chat completion, as a typical PHP script makes it ----
    require $GUZZLE;
    [, , $planPath, $idx, $port, $closed] = $argv;
    $sc = json_decode(file_get_contents($planPath), true)[(int)$idx];
    $root = base_url($sc, $port, $closed);
    $stream = !empty($sc['stream']);
    $catch = $sc['style'] !== 'full';
    try {
        $client = new GuzzleHttp\Client(['timeout' => $sc['timeout'] ?? 10, 'http_errors' => true]);
        $res = $client->post($root . '/chat/completions', [
            'json' => ['model' => $sc['model'], 'stream' => $stream,
                'messages' => [['role' => 'user', 'content' => 'Say hello']]],
            // the key comes from the environment; empty when the user forgot to set it
            'headers' => ['Authorization' => 'Bearer ' . getenv('OPENAI_API_KEY')],
            'stream' => $stream,
        ]);
        if ($stream) {
            $body = $res->getBody();
            while (!$body->eof()) {
                echo GuzzleHttp\Psr7\Utils::readLine($body);
            }
        } else {
            $body = (string)$res->getBody();
            if ($res->getStatusCode() >= 400 || strpos($body, 'choices') === false) {
                echo $res->getStatusCode(), ' ', $body, "\n";
            }
            $data = json_decode($body, true, 512, JSON_THROW_ON_ERROR);
            echo $data['choices'][0]['message']['content'], "\n";
        }
    } catch (Throwable $e) {
        if (!$catch) {
            throw $e;                   // uncaught: PHP prints it and exits with 255
        }
        echo $e->getMessage(), "\n";
    }
    exit(0);
}

if (($argv[1] ?? '') === '--one') {
    // ---- php-curl: the same call as a plain script with PHP's curl_* functions. "full": it
    // throws on failure and lets the exception escape; "last": it echoes the error and exits.
    // libcurl reads HTTPS_PROXY/https_proxy from the environment by itself.
    [, , $planPath, $idx, $port, $closed] = $argv;
    $sc = json_decode(file_get_contents($planPath), true)[(int)$idx];
    $root = base_url($sc, $port, $closed);
    $stream = !empty($sc['stream']);
    $full = $sc['style'] === 'full';
    $ch = curl_init($root . '/chat/completions');
    curl_setopt($ch, CURLOPT_POST, true);
    curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode(['model' => $sc['model'], 'stream' => $stream,
        'messages' => [['role' => 'user', 'content' => 'Say hello']]]));
    // the key comes from the environment; empty when the user forgot to set it
    curl_setopt($ch, CURLOPT_HTTPHEADER, ['Content-Type: application/json',
        'Authorization: Bearer ' . getenv('OPENAI_API_KEY')]);
    curl_setopt($ch, CURLOPT_TIMEOUT, $sc['timeout'] ?? 10);
    if ($stream) {
        curl_setopt($ch, CURLOPT_WRITEFUNCTION, function ($ch, $chunk) {
            echo $chunk;
            return strlen($chunk);
        });
    } else {
        curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
    }
    $body = curl_exec($ch);
    if ($body === false) {
        if ($full) {
            throw new RuntimeException(curl_error($ch), curl_errno($ch));
        }
        echo 'Curl error ', curl_errno($ch), ': ', curl_error($ch), "\n";
        exit(1);
    }
    $code = curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
    curl_close($ch);
    if ($stream) {
        exit(0);
    }
    if ($code >= 400) {
        if ($full) {
            throw new RuntimeException("HTTP $code: $body");
        }
        echo "HTTP $code: $body\n";
        exit(1);
    }
    if (strpos($body, 'choices') === false) {
        echo "HTTP $code: $body\n";
    }
    $data = json_decode($body, true);
    echo $data['choices'][0]['message']['content'], "\n";
    exit(0);
}

// ---- the runner: one child per scenario, one JSON line per scenario ----
[, $planPath, $port, $closed] = $argv;
$clientName = $argv[4] ?? 'php-guzzle';
$plan = json_decode(file_get_contents($planPath), true);
$version = $clientName === 'php-curl' ? phpversion('curl') : preg_replace('/-[^-]*$/', '',
    trim((string)shell_exec("dpkg-query -W -f='\${Version}' php-guzzlehttp-guzzle 2>/dev/null")));
if ($version === '') {
    require $GUZZLE;
    $version = (string)GuzzleHttp\ClientInterface::MAJOR_VERSION;
}
$baseEnv = getenv();
foreach (['OPENAI_API_KEY', 'NO_PROXY', 'no_proxy', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY',
          'http_proxy'] as $k) {
    unset($baseEnv[$k]);
}
foreach ($plan as $sc) {
    if (!in_array($clientName, $sc['clients'], true)) {
        continue;
    }
    try {
        file_get_contents("http://127.0.0.1:$port/__set/{$sc['idx']}");
        $env = $baseEnv;
        if ($sc['key'] !== 'none') {
            $env['OPENAI_API_KEY'] = $sc['base'] === 'litellm' ? 'sk-proxy-demo' : 'sk-pasted-demo';
        }
        if ($sc['base'] === 'proxy') {
            $env['HTTPS_PROXY'] = "http://127.0.0.1:$closed";
        }
        $proc = proc_open([PHP_BINARY, __FILE__, '--one', $planPath, (string)$sc['idx'], $port,
            $closed, $clientName], [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'],
            2 => ['redirect', 1]], $pipes, null, $env);
        $text = stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        proc_close($proc);
    } catch (Throwable $e) {
        $text = 'runner error: ' . $e->getMessage();
    }
    echo json_encode(['idx' => $sc['idx'], 'client' => $clientName, 'version' => $version,
        'text' => $text], JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
}
