// Run go-openai (github.com/sashabaranov/go-openai) against the replay server for each
// scenario of the plan and print, as JSON lines, what the program printed. Usage:
// go-openai-runner PLAN.json PORT CLOSED [CLIENT]; generate.py builds it once into .gengo.
// A program as its README shows one: openai.DefaultConfig(key) with BaseURL set, an
// http.Client with the scenario's timeout, CreateChatCompletion (CreateChatCompletionStream
// and Recv until io.EOF when streaming). "full" = what log.Fatal(err) writes (log's default
// timestamp prefix); "last" = fmt.Println("error:", err).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"time"

	openai "github.com/sashabaranov/go-openai"
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
		key = os.Getenv("OPENAI_API_KEY") // unset
	} else if sc.Base == "litellm" {
		key = "sk-proxy-demo"
	}
	timeout := sc.Timeout
	if timeout == 0 {
		timeout = 10
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if sc.Base == "proxy" {
		// a program configured with a company proxy (ProxyFromEnvironment reads it once)
		transport.Proxy = http.ProxyURL(&url.URL{Scheme: "http", Host: "127.0.0.1:" + closed})
	}
	config := openai.DefaultConfig(key)
	config.BaseURL = baseURL(sc)
	config.HTTPClient = &http.Client{Timeout: time.Duration(timeout * float64(time.Second)),
		Transport: transport}
	client := openai.NewClientWithConfig(config)
	req := openai.ChatCompletionRequest{Model: sc.Model, Messages: []openai.ChatCompletionMessage{
		{Role: openai.ChatMessageRoleUser, Content: "Say hello"}}}
	ctx := context.Background()
	if sc.Stream {
		req.Stream = true
		stream, err := client.CreateChatCompletionStream(ctx, req)
		if err != nil {
			return err
		}
		defer stream.Close()
		for {
			resp, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				fmt.Fprintln(out)
				return nil
			}
			if err != nil {
				fmt.Fprintln(out)
				return err
			}
			if len(resp.Choices) > 0 {
				fmt.Fprint(out, resp.Choices[0].Delta.Content)
			}
		}
	}
	resp, err := client.CreateChatCompletion(ctx, req)
	if err != nil {
		return err
	}
	if len(resp.Choices) == 0 {
		return errors.New("no choices in the response")
	}
	fmt.Fprintln(out, resp.Choices[0].Message.Content)
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
	name := "go-openai"
	if len(os.Args) > 4 {
		name = os.Args[4]
	}
	os.Unsetenv("OPENAI_API_KEY")
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
				fmt.Fprintln(&out, "error:", err)
			}
		}
		enc.Encode(map[string]any{"idx": sc.Idx, "client": name, "version": "v1.42.0",
			"text": out.String()})
	}
}
