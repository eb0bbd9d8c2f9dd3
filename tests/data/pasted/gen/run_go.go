// Run Go's net/http against the replay server for each scenario of the plan and print, as
// JSON lines, what the program printed. Usage: go run run_go.go PLAN.json PORT CLOSED [CLIENT]
// CLIENT: go-net-http. Needs only Go's standard library (no go.mod); never used by the tests.
// "full" = the printed status/body plus what log.Fatal(err) prints (log's default timestamp
// prefix, no stack trace in Go); "last" = the printed status/body plus err.Error().
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"
)

type scenario struct {
	Idx     int      `json:"idx"`
	Clients []string `json:"clients"`
	Base    string   `json:"base"`
	Key     string   `json:"key"`
	Model   string   `json:"model"`
	Style   string   `json:"style"`
	Stream  bool     `json:"stream"`
	Timeout float64  `json:"timeout"`
}

// what a typical program decodes the answer into
type chatResponse struct {
	Choices []struct {
		Message struct {
			Content string `json:"content"`
		} `json:"message"`
	} `json:"choices"`
}

var port, closed string

func baseURL(sc scenario) string {
	root := map[string]string{"ok": "http://127.0.0.1:" + port, "closed": "http://127.0.0.1:" + closed,
		"litellm": "http://127.0.0.1:" + os.Getenv("PASTED_LITELLM_PORT"),
		"dns":     "https://api.gateway-example.invalid", "tls": "https://127.0.0.1:" + port,
		"proxy": "https://api.gateway-example.com", "root": "http://127.0.0.1:" + port,
		"doubled": "http://127.0.0.1:" + port + "/v1"}[sc.Base]
	if sc.Base == "root" {
		return root
	}
	return root + "/v1"
}

func call(sc scenario, out io.Writer) error {
	key := "sk-pasted-demo"
	if sc.Key == "none" {
		key = "" // os.Getenv("OPENAI_API_KEY") of an unset variable
	} else if sc.Base == "litellm" {
		key = "sk-proxy-demo"
	}
	timeout := sc.Timeout
	if timeout == 0 {
		timeout = 10
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if sc.Base == "proxy" {
		// ProxyFromEnvironment reads HTTPS_PROXY once per process, so the proxy is given
		// here, as a program configured with a company proxy would
		transport.Proxy = http.ProxyURL(&url.URL{Scheme: "http", Host: "127.0.0.1:" + closed})
	}
	client := &http.Client{Timeout: time.Duration(timeout * float64(time.Second)), Transport: transport}
	payload, _ := json.Marshal(map[string]any{"model": sc.Model, "stream": sc.Stream,
		"messages": []map[string]string{{"role": "user", "content": "Say hello"}}})
	req, err := http.NewRequest("POST", baseURL(sc)+"/chat/completions", bytes.NewReader(payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if sc.Stream {
		scanner := bufio.NewScanner(resp.Body)
		for scanner.Scan() {
			fmt.Fprintln(out, scanner.Text())
		}
		return scanner.Err()
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 400 || !strings.Contains(string(body), "choices") {
		fmt.Fprintln(out, resp.Status, string(body))
	}
	var r chatResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return err
	}
	if resp.StatusCode >= 400 {
		return fmt.Errorf("request failed: %s", resp.Status)
	}
	for _, c := range r.Choices {
		fmt.Fprintln(out, c.Message.Content)
	}
	return nil
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	var plan []scenario
	if err := json.Unmarshal(data, &plan); err != nil {
		log.Fatal(err)
	}
	port, closed = os.Args[2], os.Args[3]
	name := "go-net-http"
	if len(os.Args) > 4 {
		name = os.Args[4]
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	for _, sc := range plan {
		chosen := false
		for _, c := range sc.Clients {
			chosen = chosen || c == name
		}
		if !chosen {
			continue
		}
		if r, err := http.Get(fmt.Sprintf("http://127.0.0.1:%s/__set/%d", port, sc.Idx)); err == nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
		}
		var out bytes.Buffer
		if err := call(sc, &out); err != nil {
			if sc.Style == "full" {
				log.New(&out, "", log.LstdFlags).Print(err) // what log.Fatal(err) writes
			} else {
				out.WriteString(err.Error())
			}
		}
		enc.Encode(map[string]any{"idx": sc.Idx, "client": name, "version": runtime.Version(),
			"text": out.String()})
	}
}
