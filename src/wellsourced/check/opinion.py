"""Editorial judgement: words that evaluate rather than report ("is crucial to foster
stability", "underscores a renewed commitment"). Counted only where the evidence does not
use them itself, so a source's own quoted opinion reported faithfully stays supported."""
from __future__ import annotations

import re

MARKERS = re.compile(
    r"\b(crucial|essential|vital|imperative|paramount|pivotal|underscor\w*|highlight\w*|demonstrat\w*|signal\w*|"
    r"must|should|ought|need to|needs to|demand\w*|requir\w*|careful|tragic|remarkabl\w*|unprecedented|"
    r"significant(?:ly)?|importan\w*|complex|delicate|renewed|testament|clearly|undoubtedly|"
    r"indicat\w*|reflect\w*|emphasi\w* on|it is (?:clear|evident)|navigat\w*|landscape|fost\w*|pave the way|"
    r"stability|hope for|ultimately|notabl\w*|alarming|troubling|welcome)\b", re.I)


def markers(claim: str, evidence: str) -> list[str]:
    ev = evidence.lower()
    return [m.group(0) for m in MARKERS.finditer(claim) if m.group(0).lower()[:6] not in ev]
