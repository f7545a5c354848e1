"""How common a word is, from the wordfreq package's lists, kept as a small table that loads
in milliseconds.

Importing wordfreq, starting its tokenizer and loading its large English list cost about
0.6 s of a cold question, for a few lookups. Every use of English frequencies here compares
them with a threshold of FLOOR or more (`vocabulary.RARE_ZIPF`, `spelling.COMMON_ZIPF`) or
reads wordfreq's small English list (`language.py`), all of whose words are above FLOOR. So a
table of the large list's words at FLOOR or above, and of the whole small list, answers every
such comparison as wordfreq does for a plain lowercase word (a word under FLOOR is 0.0 in
the table). Any other word (accents, apostrophes, digits) and any other language is asked of
wordfreq itself, which is then imported.

The table is made from the installed wordfreq once (by `cica-qa ingest`, or by the first
question without one) and kept beside the question encoder, stamped with wordfreq's version.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cica_qa.files import atomic_write

FLOOR = 3.0  # the lowest frequency kept from the large list; every threshold is at or above it
TABLE = "english-words.json"
FORMAT = 1  # bump when what the table holds changes: an older table is made again
_PLAIN = re.compile(r"[a-z]+")  # a word wordfreq reads as itself: one token, as written


@dataclass(frozen=True)
class WordTable:
    """English Zipf frequencies (wordfreq's scale: 0 unknown, 7 "the") of wordfreq's large
    list at FLOOR or above and of its whole small list."""

    large: Mapping[str, float]
    small: Mapping[str, float]

    def english(self, word: str) -> float:
        """The word's frequency in the large English list; 0.0 under FLOOR."""
        if _PLAIN.fullmatch(word):
            return self.large.get(word, 0.0)
        return _wordfreq(word, "en", "large")

    def by_language(self, word: str, language: str) -> float:
        """The word's frequency in the small list of a language (what `language_of` weighs)."""
        if language == "en" and _PLAIN.fullmatch(word):
            return self.small.get(word, 0.0)
        return _wordfreq(word, language, "small")


def word_table(folder: Path) -> WordTable:
    """The table kept in `folder`, made from the installed wordfreq (and kept there) when
    there is none or it was made from another version. A folder that cannot be written to
    keeps nothing: the table made serves this process."""
    path = folder / TABLE
    version = _version()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("wordfreq") == version and kept.get("format") == FORMAT:
            return WordTable(kept["large"], kept["small"])
    except (OSError, ValueError, AttributeError, KeyError):
        pass  # none yet, or not one this version made: made again below
    table = made_table()
    payload = {"format": FORMAT, "wordfreq": version, "large": table.large, "small": table.small}
    with contextlib.suppress(OSError):  # a read-only folder: the next process makes it again
        atomic_write(path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
    return table


def made_table() -> WordTable:
    """The table, from wordfreq's own lists."""
    from wordfreq import get_frequency_dict, zipf_frequency

    def kept(wordlist: str, floor: float) -> dict[str, float]:
        # the list's raw frequencies are wordfreq's before rounding: asked of wordfreq are
        # the plain words near FLOOR or above it
        near = 10 ** (floor - 9 - 0.1)
        words = get_frequency_dict("en", wordlist)
        plain = [w for w, freq in words.items() if freq >= near and _PLAIN.fullmatch(w)]
        zipf = {word: zipf_frequency(word, "en", wordlist=wordlist) for word in plain}
        return {word: value for word, value in zipf.items() if value >= floor}

    return WordTable(kept("large", FLOOR), kept("small", 0.0))


def _wordfreq(word: str, language: str, wordlist: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language, wordlist=wordlist)


def _version() -> str:
    return importlib.metadata.version("wordfreq")
