"""The vocabulary the synthetic knowledge base and tickets are drawn from.

Error phrases are the ones real gateways and upstreams send (OpenAI, Azure, Anthropic, Gemini,
DashScope, Zhipu, one-api / new-api, LiteLLM, OpenRouter, nginx, Cloudflare...), each with the
RE2 pattern a support engineer would write for it and the snake-case code vendors use for it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FAMILIES", "VENDORS", "Family", "Phrase", "Vendor"]


@dataclass(frozen=True)
class Phrase:
    text: str       # as it appears in a message ({model} is filled in)
    pattern: str    # the RE2 pattern a rule writes for it (case-insensitive)
    slug: str       # the snake-case error code vendors use for it


@dataclass(frozen=True)
class Family:
    name: str
    statuses: tuple[int, ...]        # the HTTP statuses this cause comes with (empty: none)
    phrases: tuple[Phrase, ...]
    situations: tuple[str, ...]      # derived-fact situations (see generate.situation_*)
    en: str                          # plain words, for titles and entries
    zh: str


def _p(text: str, pattern: str, slug: str) -> Phrase:
    return Phrase(text, pattern, slug)


FAMILIES: tuple[Family, ...] = (
    Family("model_not_found", (404, 400), (
        _p("The model `{model}` does not exist or you do not have access to it",
           r"the model \S+ does not exist", "model_not_found"),
        _p("model_not_found: no such model {model}", r"no such model", "no_such_model"),
        _p("Model {model} not found", r"model \S+ not found", "model_not_found_error"),
        _p("模型 {model} 不存在", r"模型 ?\S+ ?不存在", "model_not_exist"),
        _p("Unknown model: {model}", r"unknown model", "unknown_model"),
        _p("Invalid model name passed in model={model}", r"invalid model name", "invalid_model"),
        _p("The requested model '{model}' is not supported", r"requested model \S+ is not "
           r"supported", "model_not_supported"),
        _p("No endpoints found for {model}.", r"no endpoints found for", "no_endpoints"),
    ), ("absent", "case_only", "close", "retired", "rewritten"), "model not found", "模型不存在"),
    Family("model_access", (403, 401), (
        _p("You do not have access to the model {model}", r"do not have access to (the )?model",
           "model_access_denied"),
        _p("该令牌无权使用模型 {model}", r"无权使用模型", "model_forbidden"),
        _p("key not allowed to access model {model}", r"not allowed to access model",
           "model_not_allowed"),
        _p("The model {model} is not available for your plan", r"not available for your plan",
           "plan_not_supported"),
        _p("model {model} is not in the allowed list of this key",
           r"not in the allowed (model )?list", "model_not_in_allow_list"),
        _p("Access denied for model {model}", r"access denied for model", "access_denied"),
    ), ("key_denied", "listed"), "no access to the model", "无权访问模型"),
    Family("auth", (401,), (
        _p("Incorrect API key provided: sk-****{tail}", r"incorrect api[ _-]?key",
           "invalid_api_key"),
        _p("Invalid API-key provided.", r"invalid api[ _-]?key", "invalid_apikey"),
        _p("invalid token (request id: {rid})", r"invalid (access )?token", "invalid_token"),
        _p("无效的令牌", r"无效的令牌|令牌无效", "token_invalid"),
        _p("This token has expired", r"token (has )?expired", "token_expired"),
        _p("该令牌状态不可用", r"令牌状态不可用", "token_disabled"),
        _p("Authentication Error, Invalid proxy server token passed", r"authentication error",
           "authentication_error"),
        _p("API key not valid. Please pass a valid API key.", r"api key not valid",
           "api_key_invalid"),
        _p("Unauthorized: missing Authorization header", r"missing authorization",
           "missing_authorization"),
    ), ("key_disabled",), "the API key is rejected", "令牌被拒绝"),
    Family("quota", (402, 429, 403), (
        _p("You exceeded your current quota, please check your plan and billing details",
           r"exceeded your current quota", "insufficient_quota"),
        _p("用户额度不足, 剩余额度: ¥0.0{tail}", r"额度不足", "quota_not_enough"),
        _p("Insufficient balance", r"insufficient balance", "insufficient_balance"),
        _p("Your credit balance is too low to access the API", r"credit balance is too low",
           "credit_balance_low"),
        _p("账户已欠费，请充值后重试", r"账户已欠费", "account_arrears"),
        _p("Arrearage: Access denied, please make sure your account is in good standing",
           r"arrearage", "arrearage"),
        _p("This key has exhausted its quota", r"exhausted its quota", "key_quota_exhausted"),
        _p("billing hard limit has been reached", r"billing hard limit", "billing_hard_limit"),
    ), ("no_balance", "key_quota"), "quota or balance used up", "额度或余额用尽"),
    Family("base_url", (404, 405), (
        _p("Invalid URL (POST /v1/chat/completions/chat/completions)", r"invalid url \(",
           "invalid_url"),
        _p("404 page not found", r"404 page not found", "page_not_found"),
        _p("Method Not Allowed", r"method not allowed", "method_not_allowed"),
        _p("no Route matched with those values", r"no route matched", "no_route"),
        _p("Unknown request URL: POST /chat/completions", r"unknown request url",
           "unknown_url"),
        _p("路由不存在", r"路由不存在", "route_not_exist"),
    ), ("missing_v1", "full_endpoint", "console", "official"), "wrong base URL",
        "Base URL 配置错误"),
    Family("permission", (403,), (
        _p("Request not allowed: your IP is not in the whitelist", r"not in the whitelist",
           "ip_not_allowed"),
        _p("Country, region, or territory not supported",
           r"region,? or territory not supported", "unsupported_country_region_territory"),
        _p("用户已被封禁", r"用户已被封禁", "user_banned"),
        _p("Your account has been suspended", r"account has been suspended",
           "account_suspended"),
        _p("This organization has been disabled", r"organization has been disabled",
           "organization_disabled"),
        _p("permission denied for this operation", r"permission denied", "permission_denied"),
        _p("访问被拒绝", r"访问被拒绝", "access_forbidden"),
    ), ("kind",), "permission denied", "权限不足"),
    Family("bad_request", (400, 422), (
        _p("Invalid value for 'temperature': must be between 0 and 2", r"invalid value for",
           "invalid_value"),
        _p("messages:输入不能为空", r"输入不能为空", "empty_input"),
        _p("The messages parameter is illegal. Please check the documentation.",
           r"parameter is illegal", "illegal_parameter"),
        _p("Unsupported parameter: 'max_tokens' is not supported with this model",
           r"unsupported parameter", "unsupported_parameter"),
        _p("Extra inputs are not permitted", r"extra inputs are not permitted",
           "extra_forbidden"),
        _p("'messages' must contain the word 'json' in some form", r"must contain the word",
           "json_mode_word"),
        _p("The reasoning_content in the thinking mode must be passed back to the API",
           r"reasoning_content[^\n]{0,40}must be passed back", "reasoning_content_missing"),
        _p("参数错误：tools 格式不正确", r"参数错误", "param_error"),
    ), ("kind",), "a bad request", "请求参数错误"),
    Family("context_length", (400, 413), (
        _p("This model's maximum context length is 8192 tokens", r"maximum context length",
           "context_length_exceeded"),
        _p("prompt is too long: 210000 tokens > 200000 maximum", r"prompt is too long",
           "prompt_too_long"),
        _p("输入长度超过限制", r"长度超过限制", "input_too_long"),
        _p("Request Entity Too Large", r"request entity too large", "entity_too_large"),
        _p("input tokens exceed the configured limit of 272000", r"input tokens exceed",
           "input_tokens_exceeded"),
        _p("Range of input length should be [1, 30720]", r"range of input length",
           "input_length_range"),
    ), ("big",), "the input is too long", "输入过长"),
    Family("content_policy", (400, 451), (
        _p("The response was filtered due to the prompt triggering content management policy",
           r"content management policy", "content_filter"),
        _p("content_policy_violation: your request was rejected", r"content_policy_violation",
           "content_policy_violation"),
        _p("Input data may contain inappropriate content.", r"inappropriate content",
           "data_inspection_failed"),
        _p("输入内容包含敏感词", r"敏感(词|内容)", "sensitive_words"),
        _p("Your request was rejected as a result of our safety system", r"safety system",
           "safety_rejected"),
        _p("Output blocked by content filtering policy", r"blocked by content filter",
           "output_blocked"),
    ), ("image",), "refused by a content filter", "内容审核拒绝"),
    Family("rate_limit", (429,), (
        _p("Rate limit reached for requests", r"rate limit reached", "rate_limit_exceeded"),
        _p("Too Many Requests", r"too many requests", "too_many_requests"),
        _p("您的请求过于频繁，请稍后再试", r"请求过于频繁", "request_too_frequent"),
        _p("Requests rate limit exceeded, please try again later", r"rate limit exceeded",
           "requests_rate_limited"),
        _p("Rate limit reached on tokens per min (TPM): Limit 30000", r"tokens per min",
           "tpm_limit"),
        _p("concurrency limit exceeded for this key", r"concurrency limit",
           "concurrency_limit"),
        _p("Throttling.RateQuota: request throttled", r"throttl", "throttling"),
        _p("已达到并发上限", r"并发上限", "concurrency_cap"),
    ), ("retry_after",), "too many requests", "请求过多"),
    Family("network", (), (
        _p("httpx.ConnectError: [Errno 111] Connection refused", r"connection refused",
           "connection_refused"),
        _p("getaddrinfo ENOTFOUND api.{host}", r"enotfound", "dns_not_found"),
        _p("SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
           r"certificate verify failed", "certificate_failed"),
        _p("ProxyError: Unable to connect to proxy", r"unable to connect to proxy",
           "proxy_failed"),
        _p("Error: socket hang up", r"socket hang up", "socket_hang_up"),
        _p("Error: read ECONNRESET", r"econnreset", "connection_reset"),
        _p("[Errno -2] Name or service not known", r"name or service not known",
           "name_not_known"),
    ), ("local",), "the network path fails", "网络连接失败"),
    Family("timeout", (504, 524, 408), (
        _p("upstream request timeout", r"upstream request timeout", "upstream_timeout"),
        _p("504 Gateway Time-out", r"gateway time-?out", "gateway_timeout"),
        _p("error code: 524", r"error code: 524", "cloudflare_524"),
        _p("Request timed out.", r"request timed out", "request_timeout"),
        _p("context deadline exceeded", r"deadline exceeded", "deadline_exceeded"),
        _p("请求上游超时", r"上游超时", "upstream_request_timeout"),
        _p("stream read timeout after 300s", r"stream read timeout", "stream_timeout"),
    ), ("slow", "client"), "a timeout", "超时"),
    Family("task_failed", (200,), (
        _p("task failed: video generation failed due to internal error",
           r"video generation failed", "video_failed"),
        _p("任务失败", r"任务失败", "task_failed"),
        _p("image generation failed, please retry", r"image generation failed",
           "image_failed"),
        _p("The task has been cancelled", r"task has been cancelled", "task_cancelled"),
        _p("生成失败，请重试", r"生成失败", "generation_failed"),
        _p("Audit failed: the prompt was rejected", r"audit failed", "audit_failed"),
    ), ("failed", "stuck"), "an asynchronous task failed", "异步任务失败"),
    Family("model_unavailable", (503, 529, 500), (
        _p("当前分组 {group} 下对于模型 {model} 无可用渠道", r"无可用渠道", "no_channel"),
        _p("No available channel for model {model} under group {group}",
           r"no available channel", "no_available_channel"),
        _p("The engine is currently overloaded, please try again later",
           r"currently overloaded", "engine_overloaded"),
        _p("Overloaded (overloaded_error)", r"overloaded_error", "overloaded_error"),
        _p("model {model} is currently unavailable", r"is (currently|temporarily) unavailable",
           "model_unavailable"),
        _p("服务繁忙，请稍后重试", r"服务繁忙", "service_busy"),
        _p("upstream model {model} is under maintenance", r"under maintenance", "maintenance"),
    ), ("channel_down",), "the model is unavailable", "模型暂不可用"),
    Family("upstream_error", (500, 502, 503), (
        _p("Internal Server Error", r"internal server error", "internal_error"),
        _p("The server had an error while processing your request", r"server had an error",
           "server_error"),
        _p("Bad Gateway", r"bad gateway", "bad_gateway"),
        _p("upstream connect error or disconnect/reset before headers",
           r"upstream connect error", "upstream_connect_error"),
        _p("Provider returned error", r"provider returned error", "provider_error"),
        _p("上游服务异常", r"上游服务异常", "upstream_exception"),
        _p("unexpected end of JSON input from upstream", r"unexpected end of json",
           "upstream_bad_json"),
    ), ("channel_down",), "the upstream failed", "上游服务出错"),
)


@dataclass(frozen=True)
class Vendor:
    name: str           # id part
    label: str          # as written in prose
    tag: str            # a word its error bodies carry (matched by vendor-specific rules)
    host: str           # API host
    style: str          # body shape, see generate.body_for
    codes: str          # snake | camel | numeric
    base: int           # numeric code base
    models: tuple[str, ...]


VENDORS: tuple[Vendor, ...] = (
    Vendor("openai", "OpenAI", "openai", "api.openai.com", "openai", "snake", 0,
           ("gpt-4o", "gpt-4o-mini", "gpt-4.1", "o4-mini")),
    Vendor("newapi", "new-api", "new_api_error", "gw.example.com", "newapi", "snake", 0,
           ("gpt-4o-mini", "claude-sonnet-4-20250514", "deepseek-chat")),
    Vendor("oneapi", "one-api", "one_api_error", "oneapi.example.net", "newapi", "snake", 0,
           ("gpt-3.5-turbo", "qwen-plus", "glm-4")),
    Vendor("azure", "Azure OpenAI", "azure", "contoso.openai.azure.com", "azure", "camel", 0,
           ("gpt-35-turbo", "gpt-4o")),
    Vendor("anthropic", "Anthropic", "anthropic", "api.anthropic.com", "anthropic", "snake", 0,
           ("claude-sonnet-4-20250514", "claude-3-5-haiku-20241022")),
    Vendor("gemini", "Gemini", "googleapis", "generativelanguage.googleapis.com", "gemini",
           "camel", 0, ("gemini-2.5-pro", "gemini-2.5-flash")),
    Vendor("dashscope", "DashScope", "dashscope", "dashscope.aliyuncs.com", "bare", "camel",
           0, ("qwen-plus", "qwen-max", "qwen-vl-max")),
    Vendor("zhipu", "Zhipu", "bigmodel", "open.bigmodel.cn", "zhipu", "numeric", 1000,
           ("glm-4", "glm-4-plus", "glm-4v")),
    Vendor("deepseek", "DeepSeek", "deepseek", "api.deepseek.com", "openai", "snake", 0,
           ("deepseek-chat", "deepseek-reasoner")),
    Vendor("moonshot", "Moonshot", "moonshot", "api.moonshot.cn", "openai", "snake", 0,
           ("moonshot-v1-8k", "kimi-k2-0711-preview")),
    Vendor("qianfan", "Qianfan", "qianfan", "qianfan.baidubce.com", "qianfan", "numeric", 300,
           ("ernie-4.0-8k", "ernie-speed-128k")),
    Vendor("hunyuan", "Hunyuan", "tencentcloud", "hunyuan.tencentcloudapi.com", "bare",
           "camel", 0, ("hunyuan-pro", "hunyuan-lite")),
    Vendor("ark", "Volcengine Ark", "volcengine", "ark.cn-beijing.volces.com", "openai",
           "camel", 0, ("doubao-pro-32k", "doubao-seed-1.6")),
    Vendor("minimax", "MiniMax", "minimax", "api.minimax.chat", "minimax", "numeric", 2000,
           ("abab6.5s-chat", "MiniMax-M1")),
    Vendor("siliconflow", "SiliconFlow", "siliconflow", "api.siliconflow.cn", "bare",
           "numeric", 20000, ("Qwen/Qwen2.5-72B-Instruct", "deepseek-ai/DeepSeek-V3")),
    Vendor("litellm", "LiteLLM", "litellm", "litellm.internal:4000", "litellm", "snake", 0,
           ("gpt-4o", "claude-3-7-sonnet-20250219", "azure/gpt-4o")),
    Vendor("openrouter", "OpenRouter", "openrouter", "openrouter.ai", "openrouter", "snake",
           0, ("openai/gpt-4o", "anthropic/claude-sonnet-4", "moonshotai/kimi-k2")),
    Vendor("groq", "Groq", "groq", "api.groq.com", "openai", "snake", 0,
           ("llama-3.3-70b-versatile", "llama3-70b-8192")),
    Vendor("mistral", "Mistral", "mistral", "api.mistral.ai", "fastapi", "snake", 0,
           ("mistral-large-latest", "codestral-latest")),
    Vendor("together", "Together", "together_ai", "api.together.xyz", "openai", "snake", 0,
           ("meta-llama/Llama-3.3-70B-Instruct-Turbo",)),
    Vendor("xai", "xAI", "xai", "api.x.ai", "openai", "snake", 0, ("grok-3", "grok-4")),
    Vendor("vllm", "vLLM", "vllm", "10.0.0.12:8000", "openai", "snake", 0,
           ("Qwen2.5-7B-Instruct", "llama-3-8b")),
    Vendor("ollama", "Ollama", "ollama", "localhost:11434", "text", "snake", 0,
           ("llama3.1", "qwen2.5:7b")),
    Vendor("stepfun", "StepFun", "stepfun", "api.stepfun.com", "openai", "snake", 0,
           ("step-1-8k", "step-2-16k")),
    Vendor("baichuan", "Baichuan", "baichuan", "api.baichuan-ai.com", "zhipu", "numeric",
           4000, ("Baichuan4", "Baichuan3-Turbo")),
    Vendor("spark", "iFlytek Spark", "xfyun", "spark-api-open.xf-yun.com", "qianfan",
           "numeric", 10000, ("generalv3.5", "4.0Ultra")),
    Vendor("kling", "Kling", "klingai", "api.klingai.com", "task", "numeric", 1100,
           ("kling-v1-6", "kling-v2-master")),
    Vendor("midjourney", "Midjourney proxy", "mj_proxy", "mj.example.com", "task", "numeric",
           2100, ("midjourney", "niji-6")),
    Vendor("bedrock", "Bedrock", "bedrock", "bedrock-runtime.us-east-1.amazonaws.com", "bare",
           "camel", 0, ("anthropic.claude-3-5-sonnet", "amazon.nova-pro-v1:0")),
    Vendor("nginx", "nginx", "nginx", "gw2.example.org", "html", "snake", 0,
           ("gpt-4o-mini",)),
    Vendor("cloudflare", "Cloudflare", "cloudflare", "ai.example.io", "html", "snake", 0,
           ("gpt-4o",)),
    Vendor("coze", "Coze", "coze", "api.coze.cn", "bare", "numeric", 4100, ("coze-bot",)),
)
