"""Corpus files -> chunks: read, parse and chunk every document (or take it from the parse
cache), apply editions, and gather the glossary and what BM25 counts of each chunk."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from cica_qa.embedder import Embedder
from cica_qa.index.glossary import Glossary
from cica_qa.index.keyword import keyword_terms
from cica_qa.index.manifest import DocumentFacts
from cica_qa.ingest.blocks import ParsedDocument
from cica_qa.ingest.cache import DocumentResult, ParseCache
from cica_qa.ingest.chunk import SplitText, chunk_blocks, sentence_splitter
from cica_qa.ingest.config import IngestConfig
from cica_qa.ingest.disagreements import find_disagreements
from cica_qa.ingest.editions import apply_editions
from cica_qa.ingest.load import Corpus, Skipped, UnreadFile, load_corpus, read_file
from cica_qa.ingest.readers import parse_file
from cica_qa.passages import texts_to_embed
from cica_qa.reading import SpacyReader, TextReader
from cica_qa.types import Chunk, FileStamp, Mention

READ_STEP = 256  # chunks per progress-bar step (the reader batches within it)


@dataclass(frozen=True)
class ParsedCorpus:
    """Every corpus file's hash, the chunks to index, and what could not be read."""

    hashes: dict[str, str]
    chunks: list[Chunk]
    document_count: int  # documents indexed (an original its edition replaces is not)
    skipped: tuple[Skipped, ...]
    warnings: tuple[str, ...]
    glossary: Glossary
    keyword_terms: dict[str, str]  # chunk id -> what BM25 counts of it
    facts: dict[str, DocumentFacts] = field(default_factory=dict)  # by name: date, supersedes
    stamps: dict[str, FileStamp] = field(default_factory=dict)  # by name, where trusted
    # chunk id -> its sentences, list items and lists, which answering compares questions
    # with (passages.texts_to_embed), kept in the parse cache with the chunk
    spans: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def span_texts(self) -> list[str]:
        """Every chunk's texts to embed, in chunk order."""
        return [text for chunk in self.chunks for text in self.spans.get(chunk.id, ())]

    @functools.cached_property
    def disagreements(self) -> tuple[str, ...]:
        """The table facts its documents give differently, a line each."""
        dates = {name: facts.date for name, facts in self.facts.items()}
        return tuple(d.line() for d in find_disagreements(self.chunks, dates))

    @functools.cached_property
    def undated(self) -> tuple[str, ...]:
        """The indexed documents no rule could date, by name."""
        indexed = self.chunks_by_document()
        return tuple(
            name
            for name in sorted(self.facts)
            if indexed.get(name) and not self.facts[name].date.dated
        )

    @property
    def chunk_ids(self) -> set[str]:
        """The ids of every chunk to index."""
        return {c.id for c in self.chunks}

    def chunks_by_document(self) -> dict[str, tuple[str, ...]]:
        """Each corpus file's chunk ids (none for an original its edition replaces)."""
        ids: dict[str, list[str]] = {name: [] for name in self.hashes}
        for chunk in self.chunks:
            ids.setdefault(chunk.document, []).append(chunk.id)
        return {name: tuple(chunk_ids) for name, chunk_ids in ids.items()}


def parse_corpus(
    config: IngestConfig,
    embedder: Embedder,
    corpus: Corpus | None = None,
    cache: ParseCache | None = None,
    reader: TextReader | None = None,
    show_progress: bool = False,
) -> ParsedCorpus:
    """Read, parse and chunk every corpus file, and read its chunks for what they mention
    (`reader`, by default spaCy's: cica_qa.reading); editions replace their originals.

    With a cache, a document whose name, bytes, chunker and reader are unchanged is taken
    from it.
    """
    corpus = corpus if corpus is not None else load_corpus(config.corpus_dir)
    split_text = sentence_splitter(config.chunk_size, config.chunk_overlap, embedder.tokenize)
    results: list[DocumentResult] = []
    fresh: list[int] = []  # the results parsed now, not taken from the cache
    skipped = list(corpus.skipped)
    hashes, stamps = corpus.hashes, corpus.stamps
    for listed in corpus.files:
        result = cache.get(listed.name, listed.sha256) if cache is not None else None
        if result is None:
            # a file not read again (its stamp matched) that the cache lacks is read now
            source = (
                read_file(config.corpus_dir.resolve(), listed.name)
                if isinstance(listed, UnreadFile)
                else listed
            )
            stamps.pop(listed.name, None)
            if isinstance(source, Skipped):
                skipped.append(source)
                del hashes[listed.name]
                continue
            hashes[source.name] = source.sha256
            if source.stamp is not None:
                stamps[source.name] = source.stamp
            parsed = parse_file(source, config.max_document_chars)
            if isinstance(parsed, Skipped):
                skipped.append(parsed)
                continue
            result = document_result(parsed, split_text)
            fresh.append(len(results))
        results.append(result)
    made = [results[i] for i in fresh]
    made = _with_keyword_terms(_with_mentions(made, reader or SpacyReader(), show_progress))
    made = [replace(r, spans=tuple(tuple(texts_to_embed(c)) for c in r.chunks)) for r in made]
    for i, result in zip(fresh, made, strict=True):
        results[i] = result
        if cache is not None:
            cache.put(result)
    indexed, edition_warnings = apply_editions(results, hashes)
    warnings = [f"{r.name}: {w}" for r in results for w in r.warnings] + edition_warnings
    warnings += superseding_warnings(results, hashes)
    unique: dict[str, Chunk] = {}
    terms: dict[str, str] = {}
    spans: dict[str, tuple[str, ...]] = {}
    for item in indexed:
        document = item.document
        for chunk, text, own in zip(
            document.chunks, document.keyword_terms, document.spans, strict=True
        ):
            unique.setdefault(chunk.id, chunk)
            terms.setdefault(chunk.id, text)
            spans.setdefault(chunk.id, own)
    glossary = Glossary.from_rows(
        row for item in indexed if item.document.glossary for row in item.document.glossary_rows
    )
    return ParsedCorpus(
        hashes=hashes,
        chunks=list(unique.values()),
        document_count=len(indexed),
        skipped=tuple(skipped),
        warnings=tuple(warnings),
        glossary=glossary,
        keyword_terms=terms,
        facts={r.name: DocumentFacts(r.date, r.supersedes) for r in results},
        stamps=stamps,
        spans=spans,
    )


def _with_keyword_terms(fresh: list[DocumentResult]) -> list[DocumentResult]:
    """The freshly parsed results with their keyword terms, made in one pass over all their
    chunks (a tokenizer call per document costs more than the tokenizing)."""
    terms = iter(keyword_terms([c for r in fresh for c in r.chunks]))
    return [replace(r, keyword_terms=tuple(next(terms) for _ in r.chunks)) for r in fresh]


def _with_mentions(
    fresh: list[DocumentResult], reader: TextReader, show_progress: bool
) -> list[DocumentResult]:
    """The freshly parsed results with what their chunks mention, read in batches over all
    of them (the pipeline is fastest on many texts at once), with a progress bar."""
    from tqdm import tqdm

    chunks = [c for r in fresh for c in r.chunks]
    mentions: list[tuple[Mention, ...]] = []
    with tqdm(
        total=len(chunks), unit="chunk", desc="Reading", disable=not show_progress or not chunks
    ) as bar:
        for start in range(0, len(chunks), READ_STEP):
            batch = chunks[start : start + READ_STEP]
            mentions.extend(reader.read([c.text for c in batch]))
            bar.update(len(batch))
    found = iter(mentions)
    return [
        replace(r, chunks=tuple(replace(c, mentions=next(found)) for c in r.chunks)) for r in fresh
    ]


def document_result(doc: ParsedDocument, split_text: SplitText) -> DocumentResult:
    """A parsed document's chunks (an edition's name their original) and declarations;
    keyword terms are filled in for many documents at once (_with_keyword_terms)."""
    chunks = tuple(
        replace(chunk, glossary=doc.glossary)
        for chunk in chunk_blocks(doc.name, doc.blocks, split_text, doc.edition_of)
    )
    return DocumentResult(
        name=doc.name,
        sha256=doc.sha256,
        chunks=chunks,
        edition_of=doc.edition_of,
        edition_of_sha256=doc.edition_of_sha256,
        glossary=doc.glossary,
        glossary_rows=tuple(
            tuple(value for _, value in block.cells)
            for block in doc.blocks
            if doc.glossary and block.kind == "row"
        ),
        warnings=doc.warnings,
        date=doc.date,
        supersedes=doc.supersedes,
    )


def superseding_warnings(results: list[DocumentResult], hashes: Mapping[str, str]) -> list[str]:
    """A line for each `supersedes:` name that is not another file of the corpus."""
    lines = []
    for result in results:
        for name in result.supersedes:
            if name == result.name:
                lines.append(f"{result.name}: supersedes itself: remove its own name")
            elif name not in hashes:
                lines.append(
                    f"{result.name}: supersedes {name}, which is not in the corpus: "
                    "give its path inside the corpus folder, as the About tab lists it"
                )
    return lines
