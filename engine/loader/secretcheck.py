"""Content is checked for secrets: a key pasted into a rule, entry, glossary term or
checklist is an error at its file:line:col, so ``triage validate`` reports it and
``triage build`` refuses to publish it.

The allow-list for documentation examples is :func:`triage.secrets.looks_fake` (reviewed
in one place): values with ``xxxx``, ``****``, ``...``, ``your``, ``example``, ``<``,
one repeated character and the like are clearly fake and pass.
"""

from __future__ import annotations

from triage.errors import Issue, Location
from triage.secrets import find_secrets, looks_fake, mask_key

__all__ = ["KIND_NAMES", "secret_issues"]

KIND_NAMES = {
    "anthropic-key": "an Anthropic API key",
    "openai-key": "an OpenAI project, service-account or admin key",
    "gateway-key": "an sk- API key (OpenAI or a new-api/one-api gateway)",
    "stripe-key": "a Stripe key",
    "google-key": "a Google API key or OAuth token",
    "aws-access-key": "an AWS access key id",
    "github-token": "a GitHub token",
    "gitlab-token": "a GitLab token",
    "slack-token": "a Slack token",
    "huggingface-token": "a Hugging Face token",
    "vendor-key": "an API key (Groq, xAI, Replicate, Perplexity or NVIDIA)",
    "jwt": "a JSON Web Token",
    "private-key": "a private key block",
    "credential-field": "the value of a credential field or header",
    "bearer-token": "a Bearer token",
    "basic-auth": "a Basic authorization value",
    "cookie": "a cookie",
    "url-userinfo": "a credential in a URL",
}
_HINT = ("remove it (and revoke the key if it was real); to show an example write a clearly "
         "fake one such as sk-...9f2c, sk-xxxxxxxx or <your-api-key>")


def secret_issues(text: str, shown: str) -> list[Issue]:
    """One error per secret-shaped string in ``text`` (the file ``shown``)."""
    issues: list[Issue] = []
    for found in find_secrets(text):
        if looks_fake(found.value):
            continue
        line = text.count("\n", 0, found.start) + 1
        col = found.start - (text.rfind("\n", 0, found.start) + 1) + 1
        what = KIND_NAMES.get(found.kind, "a secret")
        issues.append(Issue(Location(shown, line, col),
                            f"{what} is in the content ({mask_key(found.value)}); it would be "
                            "published", _HINT, "secret"))
    return issues
