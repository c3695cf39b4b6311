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
# Demonyms and the place they name: "Iraqi forces" is supported by "Iraq's forces", "a Texan" by
# "from Texas". Plurals ("Syrians", "Texans") are reduced to these by `demonym_place`.
DEMONYMS: dict[str, str] = {
    "iraqi": "iraq", "syrian": "syria", "iranian": "iran", "american": "united states", "british": "united kingdom",
    "briton": "united kingdom", "brit": "united kingdom", "russian": "russia", "chinese": "china", "french": "france",
    "german": "germany", "israeli": "israel", "turkish": "turkey", "turk": "turkey", "lebanese": "lebanon",
    "ukrainian": "ukraine", "palestinian": "palestine", "english": "england", "scottish": "scotland", "scot": "scotland",
    "welsh": "wales", "irish": "ireland", "spanish": "spain", "italian": "italy", "dutch": "netherlands",
    "japanese": "japan", "indian": "india", "pakistani": "pakistan", "afghan": "afghanistan", "egyptian": "egypt",
    "nigerian": "nigeria", "kenyan": "kenya", "australian": "australia", "canadian": "canada", "mexican": "mexico",
    "brazilian": "brazil", "greek": "greece", "polish": "poland", "pole": "poland", "swedish": "sweden", "swede": "sweden",
    "norwegian": "norway", "danish": "denmark", "dane": "denmark", "saudi": "saudi arabia", "yemeni": "yemen",
    "omani": "oman", "qatari": "qatar", "emirati": "united arab emirates", "kuwaiti": "kuwait", "bahraini": "bahrain",
    "jordanian": "jordan", "libyan": "libya", "tunisian": "tunisia", "algerian": "algeria", "moroccan": "morocco",
    "sudanese": "sudan", "ethiopian": "ethiopia", "somali": "somalia", "south african": "south africa",
    "ghanaian": "ghana", "ugandan": "uganda", "tanzanian": "tanzania", "congolese": "congo", "rwandan": "rwanda",
    "zimbabwean": "zimbabwe", "korean": "korea", "north korean": "north korea", "south korean": "south korea",
    "vietnamese": "vietnam", "thai": "thailand", "filipino": "philippines", "indonesian": "indonesia",
    "malaysian": "malaysia", "singaporean": "singapore", "taiwanese": "taiwan", "bangladeshi": "bangladesh",
    "sri lankan": "sri lanka", "nepali": "nepal", "nepalese": "nepal", "burmese": "myanmar", "kurdish": "kurdistan",
    "kurd": "kurdistan", "argentine": "argentina", "argentinian": "argentina", "chilean": "chile",
    "colombian": "colombia", "venezuelan": "venezuela", "peruvian": "peru", "cuban": "cuba", "haitian": "haiti",
    "portuguese": "portugal", "belgian": "belgium", "swiss": "switzerland", "austrian": "austria",
    "hungarian": "hungary", "czech": "czech republic", "romanian": "romania", "bulgarian": "bulgaria",
    "serbian": "serbia", "serb": "serbia", "croatian": "croatia", "croat": "croatia", "bosnian": "bosnia",
    "finnish": "finland", "finn": "finland", "icelandic": "iceland", "belarusian": "belarus",
    "georgian": "georgia", "armenian": "armenia", "azerbaijani": "azerbaijan", "kazakh": "kazakhstan",
    "new zealander": "new zealand", "european": "europe", "african": "africa", "asian": "asia",
    "texan": "texas", "californian": "california", "floridian": "florida", "new yorker": "new york",
    "londoner": "london", "parisian": "paris", "muscovite": "moscow",
}


def demonym_place(norm: str) -> str:
    """The place a demonym names ("syrians" -> "syria"), else the name itself."""
    if norm in DEMONYMS:
        return DEMONYMS[norm]
    for cut in ("s", "es"):
        if norm.endswith(cut) and norm[: -len(cut)] in DEMONYMS:
            return DEMONYMS[norm[: -len(cut)]]
    return norm


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


# particles and titles: "Governor Penchev" is "Aurel Penchev"
_SKIP = frozenset("al el bin ibn de van von mr mrs ms dr governor president minister mayor judge senator councillor "
                  "councilor professor prof sir dame lord colonel captain capt sergeant sgt inspector commissioner "
                  "justice reverend rev premier chancellor sheriff detective superintendent constable".split())


def _parts(s: str) -> list[str]:
    out = []
    for w in s.replace("-", " ").split():
        if w in _SKIP:
            continue
        out.append(w)
    return out


_MENTION: dict[str, re.Pattern[str]] = {}


def mentioned(name: str, text_lower: str) -> bool:
    """Is `name` (lower case) in the text as whole words? "oman" is not in "a woman"; a plural
    or possessive ending is allowed ("syrian" in "syrians", "iraq" in "iraq's")."""
    if not name:
        return False
    pat = _MENTION.get(name)
    if pat is None:
        if len(_MENTION) > 20_000:
            _MENTION.clear()
        pat = _MENTION[name] = re.compile(rf"(?<![\w]){re.escape(name)}(?:'s|’s|s|es)?(?![\w])")
    return pat.search(text_lower) is not None
