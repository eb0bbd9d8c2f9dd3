// Run openai-go (github.com/openai/openai-go, OpenAI's own Go SDK) against the replay server
// for each scenario of the plan and print, as JSON lines, what the program printed. Usage:
// openai-go-runner PLAN.json PORT CLOSED [CLIENT]; generate.py builds it once into .gengo.
// A program as its README shows one: openai.NewClient with option.WithBaseURL,
// option.WithAPIKey (the no-key program leaves it to OPENAI_API_KEY, unset), no retries and
// the scenario's timeout; Chat.Completions.New (NewStreaming, Next/Current/Err when
// streaming). "full" = for an *openai.Error the response as its README dumps it
// (apierr.DumpResponse(true)), then what log.Fatal(err) writes (log's timestamp prefix);
// "last" = fmt.Println("error:", err).
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

	"github.com/openai/openai-go"
	"github.com/openai/openai-go/option"
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
		return root + "/"
	}
	return root + "/v1/"
}

func call(sc scenario, out io.Writer) error {
	timeout := sc.Timeout
	if timeout == 0 {
		timeout = 10
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if sc.Base == "proxy" {
		// a program configured with a company proxy (ProxyFromEnvironment reads it once)
		transport.Proxy = http.ProxyURL(&url.URL{Scheme: "http", Host: "127.0.0.1:" + closed})
	}
	opts := []option.RequestOption{option.WithBaseURL(baseURL(sc)), option.WithMaxRetries(0),
		option.WithRequestTimeout(time.Duration(timeout * float64(time.Second))),
		option.WithHTTPClient(&http.Client{Transport: transport})}
	if sc.Key != "none" {
		key := "sk-pasted-demo"
		if sc.Base == "litellm" {
			key = "sk-proxy-demo"
		}
		opts = append(opts, option.WithAPIKey(key))
	}
	client := openai.NewClient(opts...)
	params := openai.ChatCompletionNewParams{
		Messages: openai.F([]openai.ChatCompletionMessageParamUnion{openai.UserMessage("Say hello")}),
		Model:    openai.F(openai.ChatModel(sc.Model)),
	}
	ctx := context.Background()
	if sc.Stream {
		stream := client.Chat.Completions.NewStreaming(ctx, params)
		for stream.Next() {
			chunk := stream.Current()
			if len(chunk.Choices) > 0 {
				fmt.Fprint(out, chunk.Choices[0].Delta.Content)
			}
		}
		fmt.Fprintln(out)
		return stream.Err()
	}
	completion, err := client.Chat.Completions.New(ctx, params)
	if err != nil {
		return err
	}
	if len(completion.Choices) == 0 {
		return errors.New("no choices in the response")
	}
	fmt.Fprintln(out, completion.Choices[0].Message.Content)
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
	name := "openai-go"
	if len(os.Args) > 4 {
		name = os.Args[4]
	}
	for _, k := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"} {
		os.Unsetenv(k)
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
				var apierr *openai.Error
				if errors.As(err, &apierr) {
					out.Write(apierr.DumpResponse(true))
					fmt.Fprintln(&out)
				}
				log.New(&out, "", log.LstdFlags).Print(err) // what log.Fatal(err) writes
			} else {
				fmt.Fprintln(&out, "error:", err)
			}
		}
		enc.Encode(map[string]any{"idx": sc.Idx, "client": name, "version": "v0.1.0-alpha.65",
			"text": out.String()})
	}
}
