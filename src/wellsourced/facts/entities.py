"""Entity normalisation and aliases, so "U.S." = "US" = "United States" and
"IS" = "Islamic State" = "Daesh" compare equal.
"""
from __future__ import annotations

import re
import unicodedata

ALIASES: dict[str, list[str]] = {
    "united states": ["us", "u s", "usa", "u s a", "america", "the united states", "united states of america", "washington"],
    "united kingdom": ["uk", "u k", "britain", "great britain", "the uk"],
    "united nations": ["un", "u n", "the un"],
    "european union": ["eu", "e u"],
    "islamic state": ["is", "isis", "isil", "daesh", "islamic state group", "the islamic state group", "islamic state of iraq and the levant", "islamic state of iraq and syria"],
    "al qaeda": ["al-qaeda", "al qaida", "al-qaida", "alqaeda", "al qaeda in iraq"],
    "russia": ["russian federation", "moscow"],
    "new york city": ["nyc", "new york"],
    "the associated press": ["ap", "associated press"],
    "agence france presse": ["afp", "agence france-presse"],
}
_ALIAS_OF = {a: canon for canon, al in ALIASES.items() for a in al}
_ALIAS_OF.update({a.replace("-", " "): canon for canon, al in ALIASES.items() for a in al})
_ALIAS_OF.update({c: c for c in ALIASES})

_PUNCT = re.compile(r"[^\w\s-]")
_WS = re.compile(r"\s+")
_POSS = re.compile(r"(['’]s|['’])$")


def normalise(text: str) -> str:
    """Lower-case, strip accents, possessives, 'the', dots; map aliases to one name."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().strip()
    s = _POSS.sub("", s)
    s = s.replace(".", " ").replace("’", "'")
    s = _PUNCT.sub(" ", s)
    s = _WS.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    compact = s.replace(" ", "") if len(s) <= 5 else s  # "u s" -> "us"
    return _ALIAS_OF.get(s) or _ALIAS_OF.get(compact) or _ALIAS_OF.get(s.replace("-", " ")) or s


def names_match(a: str, b: str) -> bool:
    """Two normalised names refer to the same thing: equal, alias, or one is a part of the other
    at word level ("shaibani" ~ "asaad al-shaibani", "sudani" ~ "mohammed shia al-sudani")."""
    if a == b:
        return True
    ta, tb = set(_parts(a)), set(_parts(b))
    if not ta or not tb:
        return False
    return ta <= tb or tb <= ta


def _parts(s: str) -> list[str]:
    out = []
    for w in s.replace("-", " ").split():
        if w in ("al", "el", "bin", "ibn", "de", "van", "von", "mr", "mrs", "ms", "dr"):
            continue
        out.append(w)
    return out
