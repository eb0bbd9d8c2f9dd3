"""Discover, parse and check rules/ and kb/; turn them into typed objects.

Every problem found is collected as an :class:`Issue`; nothing stops at the first one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from triage.attribution import OwnerTable, owner_table
from triage.errors import Issue, Location
from triage.facts.models import ModelCatalog
from triage.loader.checked import CheckedFiles
from triage.loader.conditions import check_asks, check_conditions
from triage.loader.discover import find_root, source_files
from triage.loader.schema import check
from triage.loader.secretcheck import secret_issues
from triage.model import (
    Ask,
    Change,
    Checklist,
    Entry,
    KnowledgeBase,
    Rule,
    RuleCase,
    RuleText,
    Term,
)
from triage.yamlmarks import Document, parse_yaml

__all__ = ["MAX_SOURCE_BYTES", "find_root", "load_sources", "read_document", "source_files"]

MAX_SOURCE_BYTES = 2 << 20


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def read_document(path: Path, shown: str) -> Document:
    """Read and parse one YAML file; unreadable files become issues."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Document(shown, None, parse_yaml("", shown).marks,
                        [Issue(Location(shown), f"cannot read the file: {exc.strerror}")])
    if len(raw) > MAX_SOURCE_BYTES:
        return Document(shown, None, parse_yaml("", shown).marks, [Issue(
            Location(shown), f"the file has {len(raw):,} bytes; the limit is "
            f"{MAX_SOURCE_BYTES:,}", "split it", "size")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return Document(shown, None, parse_yaml("", shown).marks, [Issue(
            Location(shown, line, col), f"not UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8", "encoding")])
    return parse_yaml(text.removeprefix("\ufeff"), shown)


def _secrets_in(path: Path, shown: str) -> list[Issue]:
    """A key pasted into the content is an error wherever it is (schema-checked or not)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return []  # read_document reports it
    if len(raw) > MAX_SOURCE_BYTES:
        return []
    return secret_issues(raw.decode("utf-8", errors="replace").removeprefix("\ufeff"), shown)


def _kind(path: Path, root: Path) -> str:
    parts = path.resolve().relative_to(root.resolve()).parts if path.resolve().is_relative_to(
        root.resolve()) else path.parts
    if path.name.endswith(".cases.yaml"):
        return "cases"
    if "rules" in parts[:1]:
        return "rule"
    if parts[:2] == ("kb", "entries"):
        return "entry"
    if parts[:2] == ("kb", "glossary"):
        return "glossary"
    if parts[:2] == ("kb", "checklists"):
        return "checklist"
    if path.name == "triage-order.yaml":
        return "order"
    if path.name == "models.yaml":
        return "models"
    if path.name == "owners.yaml":
        return "owners"
    return "unknown"


_SCHEMAS = {"rule": "rule", "cases": "cases", "entry": "kb-entry", "glossary": "glossary",
            "checklist": "checklist", "order": "triage-order", "models": "models",
            "owners": "owners"}


class _Collector:
    def __init__(self, root: Path, checked: CheckedFiles) -> None:
        self.root = root
        self.checked = checked
        self.issues: list[Issue] = []
        self.rules: list[Rule] = []
        self.cases: list[RuleCase] = []
        self.case_docs: list[tuple[Document, Path]] = []
        self.entries: dict[str, Entry] = {}
        self.glossary: dict[str, Term] = {}
        self.checklists: dict[str, Checklist] = {}
        self.order: tuple[str, ...] = ()
        self.catalog = ModelCatalog()
        self.owners = OwnerTable()
        self.owners_doc: Document | None = None
        self.seen_ids: dict[tuple[str, str], Location] = {}
        self.rule_docs: dict[str, Document] = {}
        self.entry_docs: dict[str, Document] = {}

    def add(self, path: Path) -> None:
        shown = _rel(path, self.root)
        kind = _kind(path, self.root)
        doc = read_document(path, shown)
        self.issues += doc.issues
        self.issues += _secrets_in(path, shown)
        fatal = [i for i in doc.issues if i.severity == "error"]
        if fatal or doc.data is None:
            if not fatal:
                self.issues.append(Issue(Location(shown, 1, 1), "the file is empty"))
            return
        if kind == "unknown":
            self.issues.append(Issue(doc.loc(), "not a known kind of source file",
                                     "rules go in rules/<family>/, entries in kb/entries/", "kind"))
            return
        problems = []
        if not self.checked.passed_before(path):
            problems = check(doc, _SCHEMAS[kind])
            if kind == "rule" and isinstance(doc.data, dict) and "when" in doc.data:
                placed = {p.location for p in problems}  # one message per place
                problems += [c for c in check_conditions(doc, doc.data["when"], ("when",))
                             if c.location not in placed]
            if kind == "rule" and isinstance(doc.data, dict) and "ask" in doc.data:
                problems += check_asks(doc, doc.data["ask"])
            if kind == "cases" and isinstance(doc.data, dict):
                problems += _case_facts(doc)
        fatal = [p for p in problems if p.severity == "error"]
        if not problems:
            self.checked.passed(path)
        self.issues += problems
        if kind == "rule":
            self._rule_place(doc, path)
        if fatal:
            return
        getattr(self, f"_{kind}")(doc, path)

    def _rule_place(self, doc: Document, path: Path) -> None:
        cause = doc.data.get("cause") if isinstance(doc.data, dict) else None
        if not isinstance(cause, str):
            return
        family = cause.split(".", 1)[0]
        if path.parent.name != family:
            self.issues.append(Issue(doc.loc(("cause",)), f"the cause family '{family}' differs "
                                     f"from the folder '{path.parent.name}'",
                                     f"move the file to rules/{family}/", "family"))

    def _unique(self, kind: str, ident: str, doc: Document, path: Path) -> bool:
        if path.name.removesuffix(".yaml") != ident:
            self.issues.append(Issue(doc.loc(("id",)), f"the id '{ident}' differs from the file "
                                     f"name '{path.name}'", f"rename the file to {ident}.yaml "
                                     "or change the id", "id"))
        first = self.seen_ids.get((kind, ident))
        if first is not None:
            self.issues.append(Issue(doc.loc(("id",)), f"duplicate {kind} id '{ident}' (first "
                                     f"in {first})", "give each one its own id", "id"))
            return False
        self.seen_ids[(kind, ident)] = doc.loc(("id",))
        return True

    def _rule(self, doc: Document, path: Path) -> None:
        d = doc.data
        if d["changelog"][0]["version"] != d["version"]:
            self.issues.append(Issue(doc.loc(("changelog", 0, "version")), "the first changelog "
                                     f"entry is not version {d['version']}",
                                     "put the newest change first", "version"))
        if d.get("last_resort") and float(d["confidence"]) >= 0.6:
            self.issues.append(Issue(doc.loc(("confidence",)), "a last-resort rule is a hint "
                                     f"but its confidence is {d['confidence']}",
                                     "set confidence below 0.6", "confidence"))
        if not self._unique("rule", d["id"], doc, path):
            return
        self.rule_docs[d["id"]] = doc
        self.rules.append(Rule(
            id=d["id"], version=d["version"], status=d["status"], cause=d["cause"],
            priority=d["priority"], visibility=d["visibility"], confidence=float(d["confidence"]),
            when=d["when"], faq=tuple(d["faq"]), path=doc.path,
            text={lang: RuleText(t["title"], t["explanation"], tuple(t["next_steps"]),
                                 tuple(t["evidence"])) for lang, t in d["text"].items()},
            ask=tuple(Ask(a["fact"], dict(a["why"])) for a in d.get("ask", [])),
            changelog=tuple(Change(**c) for c in d["changelog"]),
            replaced_by=d.get("replaced_by", ""), tags=tuple(d.get("tags", [])),
            attribution=d.get("attribution"), last_resort=bool(d.get("last_resort", False))))

    def _cases(self, doc: Document, path: Path) -> None:
        d = doc.data
        expected = path.name.removesuffix(".cases.yaml")
        if d["rule"] != expected:
            self.issues.append(Issue(doc.loc(("rule",)), f"the cases name rule '{d['rule']}' "
                                     f"but sit beside '{expected}'", "name the rule the file "
                                     "is named after", "cases"))
        self.case_docs.append((doc, path))
        for section, fires in (("fires", True), ("not_fires", False)):
            for i, case in enumerate(d[section]):
                self.cases.append(RuleCase(d["rule"], case["name"], case["facts"], fires,
                                           bool(case.get("first")), doc.path,
                                           doc.loc((section, i)).line,
                                           bool(case.get("known_miss"))))

    def _entry(self, doc: Document, path: Path) -> None:
        d = doc.data
        if not self._unique("entry", d["id"], doc, path):
            return
        self.entry_docs[d["id"]] = doc
        self.entries[d["id"]] = Entry(
            id=d["id"], version=d["version"], kind=d["kind"], family=d["family"],
            families=tuple(d.get("families", [])), owner=d["owner"], tags=tuple(d["tags"]),
            changed=d["changed"], reviewed=d["reviewed"], next_review=d["next_review"],
            related=tuple(d["related"]), glossary=tuple(d.get("glossary", [])),
            checklists=tuple(d.get("checklists", [])), body={"zh": d["zh"], "en": d["en"]},
            changelog=tuple(Change(**c) for c in d["changelog"]), path=doc.path)

    def _glossary(self, doc: Document, path: Path) -> None:
        d = doc.data
        if self._unique("glossary term", d["id"], doc, path):
            self.glossary[d["id"]] = Term(d["id"], d["changed"], tuple(d.get("see", [])),
                                          tuple(d.get("entries", [])),
                                          {"zh": d["zh"], "en": d["en"]}, doc.path)

    def _checklist(self, doc: Document, path: Path) -> None:
        d = doc.data
        if self._unique("checklist", d["id"], doc, path):
            self.checklists[d["id"]] = Checklist(d["id"], d["version"], d["changed"],
                                                 tuple(d.get("entries", [])),
                                                 {"zh": d["zh"], "en": d["en"]}, doc.path)

    def _order(self, doc: Document, path: Path) -> None:
        self.order = tuple(doc.data["families"])

    def _owners(self, doc: Document, path: Path) -> None:
        self.owners = owner_table(doc.data)
        self.owners_doc = doc

    def _models(self, doc: Document, path: Path) -> None:
        self.catalog = ModelCatalog(frozenset(doc.data["current"]),
                                    frozenset(doc.data["retired"]))

    def cross_check(self, with_kb: bool) -> None:
        rule_ids = {r.id for r in self.rules}
        for rule in self.rules:
            doc = self.rule_docs[rule.id]
            if rule.status == "deprecated" and rule.replaced_by not in rule_ids:
                self.issues.append(Issue(doc.loc(("replaced_by",)), f"replaced_by names no rule "
                                         f"'{rule.replaced_by}'", "name an existing rule id",
                                         "link"))
            if with_kb:
                for i, faq in enumerate(rule.faq):
                    if faq not in self.entries:
                        self.issues.append(Issue(doc.loc(("faq", i)), f"no knowledge-base entry "
                                                 f"'{faq}'", _near(faq, self.entries), "link"))
        for doc, path in self.case_docs:
            beside = path.parent / f"{doc.data['rule']}.yaml"
            if doc.data["rule"] not in rule_ids and not beside.exists():
                self.issues.append(Issue(doc.loc(("rule",)), f"no rule '{doc.data['rule']}' "
                                         "for these cases", _near(doc.data["rule"], rule_ids),
                                         "link"))
        owners_doc = self.owners_doc
        if owners_doc is not None and self.rules:  # a refinement that no rule's cause uses
            causes = {r.cause for r in self.rules}
            for key in self.owners.causes:
                if not any(c == key or c.startswith(key + ".") for c in causes):
                    self.issues.append(Issue(owners_doc.loc(("causes", key), key=True),
                                             f"no rule has the cause '{key}'",
                                             "fix the name or remove the refinement",
                                             "owners", "warning"))
        tested = {c.rule for c in self.cases}
        for rule in self.rules:
            if rule.id not in tested and rule.status != "deprecated" and not (
                    Path(self.root, rule.path).parent / f"{rule.id}.cases.yaml").exists():
                self.issues.append(Issue(Location(rule.path, 1, 1), f"rule '{rule.id}' has no "
                                         f"test cases", f"add {rule.id}.cases.yaml beside it "
                                         "with fires and not_fires", "cases"))


def _case_facts(doc: Document) -> list[Issue]:
    """Each case's facts against the input vocabulary: a typo must not test nothing."""
    from triage.facts.strict import case_problems

    issues = []
    for section in ("fires", "not_fires"):
        cases = doc.data.get(section)
        for i, case in enumerate(cases if isinstance(cases, list) else []):
            if not isinstance(case, dict):
                continue
            for path, at_key, message, hint in case_problems(case.get("facts")):
                where = (section, i, "facts", *path)
                issues.append(Issue(doc.loc(where, key=at_key), message, hint, "facts"))
    return issues


def _near(name: str, names: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def load_sources(root: Path, paths: Iterable[Path] | None = None, *,
                 trust_checked: bool = False) -> tuple[KnowledgeBase, list[Issue]]:
    """Load every source under ``root`` (or only ``paths``); return the KB and all issues.

    With ``trust_checked``, files unchanged since they last passed the schema and condition
    checks are not checked again (cross-file checks always run)."""
    checked = CheckedFiles(root, trust_checked)
    collector = _Collector(root, checked)
    files = list(paths) if paths is not None else source_files(root)
    for path in files:
        collector.add(path)
    whole = paths is None
    collector.cross_check(with_kb=whole or bool(collector.entries))
    if whole:
        checked.save()
    kb = KnowledgeBase(
        rules=tuple(sorted(collector.rules, key=lambda r: r.id)), entries=collector.entries,
        glossary=collector.glossary, checklists=collector.checklists,
        order=collector.order, catalog=collector.catalog, cases=tuple(collector.cases),
        owners=collector.owners)
    return kb, sorted(set(collector.issues))

