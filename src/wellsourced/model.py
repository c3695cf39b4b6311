"""The one data model every job reads and adds to.

`Article` holds paragraphs of `Sentence`s; each sentence carries the facts found in it
(entities, numbers, quotations). `check` adds `Claim`s and `Verdict`s, `digest` adds
`DigestSentence`s. Everything is pydantic v2 so the JSON output and the JSON Schema come
from the same definitions.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field


class Entity(BaseModel):
    text: str
    label: str = Field(description="spaCy NER label, e.g. PERSON, ORG, GPE")
    norm: str = Field(description="normalised form; aliases share one (US = U.S. = United States)")
    start: int = Field(description="character offset into the sentence")
    end: int


class Number(BaseModel):
    text: str = Field(description="the words as written, e.g. 'at least 1,383' or 'a dozen'")
    value: float
    unit: str | None = Field(None, description="the noun counted or measured, e.g. 'civilians', '%'")
    hedge: str | None = Field(
        None, description="'at least', 'over', 'about', 'nearly', ... (normalised) or None when exact"
    )
    start: int
    end: int


class Quote(BaseModel):
    text: str = Field(description="the quoted words, without quotation marks")
    speaker: str | None = Field(None, description="who said it, where the sentence says")
    start: int
    end: int


class Sentence(BaseModel):
    id: str = Field(description="stable id: p<paragraph>s<sentence>, both from 1")
    text: str
    start: int = Field(description="character offset into Article.body")
    end: int
    paragraph: int = Field(description="paragraph index, from 1")
    entities: list[Entity] = Field(default_factory=list)
    numbers: list[Number] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)


class Paragraph(BaseModel):
    sentences: list[Sentence] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


class Removed(BaseModel):
    text: str
    reason: str = Field(description="why it is not body text, e.g. 'agency slug', 'promo'")


def _when(v: object) -> object:
    """ISO strings: a bare day stays a date (never midnight of some zone); anything else must
    parse as a datetime. Not ISO at all: None rather than an error (pages and feeds write
    dates every way; read/dates.py parses the rest before it gets here)."""
    if isinstance(v, str):
        s = v.strip()
        try:
            return date.fromisoformat(s) if len(s) == 10 else datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            return None
    return v


When = Annotated[datetime | date | None, BeforeValidator(_when)]


class Author(BaseModel):
    name: str
    kind: Literal["person", "organization"] = Field(
        "person", description="a person, or an organisation credited as author (agency, desk, outlet)"
    )


FINGERPRINT_HEX = 32  # 128 bits: the chance of any collision among 100M articles is about 1e-23


class Article(BaseModel):
    id: str = Field("", description="the input's own id (JSON id, feed guid, else URL); the fingerprint when it has none")
    fingerprint: str = Field("", description="sha256 of title and body, 32 hex digits")
    title: str | None = None
    authors: list[Author] = Field(default_factory=list, description="persons first, then organisations, page order")
    outlet: str | None = None
    url: str | None = None
    published: When = Field(
        None, description="ISO 8601: a date-time with its UTC offset when the source gives a time and zone, else a day"
    )
    modified: When = Field(None, description="last modified, same form as published")
    language: str = "en"
    input: str | None = Field(None, description="where the article was read from (file, '-', record)")
    paragraphs: list[Paragraph] = Field(default_factory=list)
    removed: list[Removed] = Field(default_factory=list)
    annotated: bool = Field(False, description="whether entities/numbers/quotes were extracted")
    warnings: list[str] = Field(default_factory=list, description="what reading had to change, e.g. a sentence cut at the length limit")

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    @property
    def body(self) -> str:
        """Paragraph texts joined by a blank line; Sentence offsets point into this string."""
        return "\n\n".join(p.text for p in self.paragraphs)

    def sentence(self, sid: str) -> Sentence:
        for s in self.sentences:
            if s.id == sid:
                return s
        raise KeyError(sid)

    @property
    def byline(self) -> str | None:
        """Authors for display: "A, B (Agency)"."""
        people = [a.name for a in self.authors if a.kind == "person"]
        orgs = [a.name for a in self.authors if a.kind == "organization"]
        if not people:
            return ", ".join(orgs) or None
        return ", ".join(people) + (f" ({', '.join(orgs)})" if orgs else "")

    def make_fingerprint(self) -> str:
        h = hashlib.sha256(((self.title or "") + "\n" + self.body).encode("utf-8")).hexdigest()
        return h[:FINGERPRINT_HEX]

    def make_id(self) -> str:
        """Sets and returns the fingerprint (the id of an input without one)."""
        self.fingerprint = self.make_fingerprint()
        return self.fingerprint


class Audit(BaseModel):
    """What produced a report, so a reader can reproduce or verify it (filled by the front ends:
    render.audit.stamp). `time` is the only field that changes between runs; SOURCE_DATE_EPOCH fixes it."""

    tool: str = "wellsourced"
    version: str
    engine: str
    models: dict[str, str] = Field(default_factory=dict, description="model file name -> 'sha256:...' (or the LLM model name)")
    inputs: dict[str, str] = Field(default_factory=dict, description="input name -> 'sha256:...' of the article body text used")
    time: str | None = Field(None, description="UTC, ISO 8601; from SOURCE_DATE_EPOCH when that is set")


# --- check ---------------------------------------------------------------------------------

VerdictLabel = Literal["supported", "contradicted", "unsupported", "opinion", "not a claim"]

ErrorKind = Literal[
    "number",  # changed number, or a hedge ("at least") lost or changed
    "entity",  # changed or swapped person/place/organisation
    "attribution",  # wrong speaker or actor: who said it, who did it
    "quote",  # quotation not found in the source, or altered
    "hedge",  # accusation or allegation stated as fact
    "negation",  # polarity flipped
    "causal",  # invented causal link ("In response, ...")
    "invented",  # a claim with no support at all
    "opinion",  # evaluative words in the writer's own voice (reported, not an error of fact)
]
SCHEMA_VERSION = "2.0"  # of the check report's JSON (docs/json.md); bumped on any breaking change


class Evidence(BaseModel):
    source: str = Field("", description="id of the source article the sentences are from")
    sentence_ids: list[str]
    text: str
    score: float = Field(description="alignment score of this evidence window, 0..1")


class Issue(BaseModel):
    kind: ErrorKind
    rule: str = Field("", description="the rule that found it: numbers, entities, quotes, attribution, hedges, "
                                      "causality, negation, opinion, or the engine")
    detail: str = Field(description="what differs, in words: 'at least 1,383' -> '1,383'")
    derived_span: str | None = None
    source_span: str | None = None
    # Where the words are, so a page can highlight them. Offsets into the claim sentence's text
    # (derived) and into the text of source sentence `source_id`; None when a rule cannot say.
    derived_start: int | None = None
    derived_end: int | None = None
    source: str | None = Field(None, description="id of the source article of source_id")
    source_id: str | None = None
    source_start: int | None = None
    source_end: int | None = None


class Verdict(BaseModel):
    sentence: Sentence = Field(description="the claim: a derived sentence (id 'title' for the headline)")
    label: VerdictLabel
    confidence: float = Field(description="how sure the label is, 0..1: the engine's P(supported) for "
                                          "'supported', 1 - P(supported) for the others, raised to the rule's "
                                          "precision when a rule found a conflict")
    score: float = Field(description="the engine's probability that the factual part is supported, 0..1")
    engine_label: VerdictLabel | None = Field(None, description="the label the engine alone gave, when it names one "
                                                                "(llm); rules' conflicts override it")
    evidence: list[Evidence] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)


OmissionKind = Literal["denial", "response", "caveat", "qualifier"]


class Omission(BaseModel):
    kind: OmissionKind
    source: str = Field(description="id of the source article")
    source_id: str = Field(description="the source sentence the derived text leaves out")
    text: str
    detail: str
    kept: list[str] = Field(default_factory=list, description="derived sentence ids that keep the claim it qualifies")


PROBLEMS = ("contradicted", "unsupported")


class CheckReport(BaseModel):
    schema_version: str = SCHEMA_VERSION
    engine: str
    sources: list[Article] = Field(description="the source article(s), in the order given")
    derived: Article
    verdicts: list[Verdict]
    score: float = Field(description="lowest P(supported) over the factual claims (opinion and non-claims "
                                     "left out), 0..1; 1.0 when there is none")
    counts: dict[str, int]
    problem_share: float = Field(description="share of claims contradicted or unsupported")
    omissions: list[Omission] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    audit: Audit | None = None

    @property
    def source(self) -> Article:
        return self.sources[0]

    @property
    def problems(self) -> bool:
        """Anything contradicted or unsupported: what makes `check` exit 1."""
        return any(v.label in PROBLEMS for v in self.verdicts)

    @property
    def all_supported(self) -> bool:
        return all(v.label in ("supported", "not a claim") for v in self.verdicts)


# --- digest --------------------------------------------------------------------------------


class DigestSentence(BaseModel):
    text: str
    source_ids: list[str] = Field(description="ids of the source sentences it comes from")
    spans: list[tuple[int, int]] = Field(description="character spans of those sentences in the source body")


class Digest(BaseModel):
    source: Article
    lead: list[DigestSentence]
    body: list[list[DigestSentence]] = Field(description="paragraphs of the condensed body, source order")
    source_line: str
    engine: str = "extractive"
    dropped: list[str] = Field(default_factory=list, description="LLM sentences dropped as unsupported")
    warnings: list[str] = Field(default_factory=list)
    audit: Audit | None = None


# --- trace ---------------------------------------------------------------------------------


class SentenceSource(BaseModel):
    article_id: str = Field(description="id of the source article (the record's own id)")
    sentence_ids: list[str] = Field(description="source sentence ids, p<paragraph>s<n> or 'title'")
    text: str
    coverage: float = Field(description="idf-weighted share of the derived sentence's words found there, 0..1")


class TracedSentence(BaseModel):
    sentence: Sentence
    sources: list[SentenceSource] = Field(default_factory=list, description="empty: no source sentence found")


class Candidate(BaseModel):
    id: str
    url: str | None = None
    title: str | None = None
    score: float = Field(description="calibrated probability that this article is a source, 0..1")
    rank: int
    reason: str = Field(description="why, in words: matching sentences and shared passages")
    matching_sentences: int = Field(description="derived sentences whose best match is in this article")
    shared_passages: list[str] = Field(default_factory=list, description="longest runs of words shared, up to 3")
    duplicates: list[dict] = Field(default_factory=list, description="ids folded into this one (same text) or near copies")


class TraceReport(BaseModel):
    derived: Article
    found: bool = Field(description="False: no source in this index (nothing clears the threshold)")
    answer: str = Field(description="one line: the source found, or 'no source in this index'")
    candidates: list[Candidate]
    sentences: list[TracedSentence]
    covered: float = Field(description="idf-weighted share of the derived text covered by the sources, 0..1")
    threshold: float
    index: dict = Field(default_factory=dict, description="what was searched: articles, generation")
    check: CheckReport | None = None
    warnings: list[str] = Field(default_factory=list)
