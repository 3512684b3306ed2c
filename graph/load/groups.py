"""Group (collective) authors: consortia, study groups, collaborations.

A group author is named on a paper but is not a person: it never becomes a node of the
co-author graph (a 3,000-member consortium would otherwise link everyone who ever signed
with it).  Readers put group names in :attr:`PaperRecord.groups
<graph.load.records.PaperRecord.groups>`.  Where the source marks them (Web of Science
``CA``, PubMed ``CN``) the mark decides; elsewhere (Scopus, BibTeX, Lens, Dimensions, IEEE
author lists) :func:`is_group_name` does, conservatively: a person wrongly taken for a group
disappears from the graph, so only names that no person carries count.

The rule
--------
A name is a group name when

* it contains a collective word (whole word, any case): ``Consortium``, ``Consortia``,
  ``Collaboration``, ``Collaborative``, ``Collaborators``, ``Investigators``, ``Trialists``,
  ``Committee``, ``Task Force``, ``Working Party``, ``Network``, ``Society``,
  ``Association``, ``Alliance``, ``Initiative``, ``Registry``, ``Project Team``, or a word
  of an organisation's name (``Organization``, ``Commission``, ``Ministry``, ``Agency``,
  ``Institute``, ``University``, ``Department``, ``Foundation``, ``Corporation``, ``Inc``,
  ``Ltd``, ``LLC``, ``GmbH``: an organisation signing as author, ``World Health
  Organization``); or
* it ends in ``Group``/``Grp``/``Team`` and is qualified: ``Grp`` (Web of Science's
  abbreviation, never a surname), a qualifier before it (``Study``, ``Working``,
  ``Writing``, ``Research``, ``Trial(s)``, ``Cooperative``, ``Collaborative``, ``Steering``,
  ``Expert``, ``Advisory``, ``Oncology``, ``Interest``, ``Consensus``, ``Investigator(s)``,
  ``Project``, ``Clinical``, ``Surveillance``), an acronym or a digit in the name
  (``DELTA Study Grp``, ``GBD 2019 Group``), a leading ``The``, or at least three words
  before it.

``Grace Group`` is therefore a person: two words, no qualifier, no acronym.  ``Group`` is
a rare surname but a real one, and a bare ``X Group`` in an author list is as likely a
transcription of a person as a collective; the cost of the other choice (a person silently
dropped from the graph) is the larger error.  ``Smith Collaboration`` is a group: no person
is called that.

Examples
--------
>>> is_group_name("DELTA Study Grp"), is_group_name("ATLAS Collaboration")
(True, True)
>>> is_group_name("Grace Group"), is_group_name("Ada Lovelace"), is_group_name("Barnes and Noble")
(False, False, False)
"""

from __future__ import annotations

import re

__all__ = ["is_group_name", "split_groups"]

_COLLECTIVE = re.compile(
    r"\b(?:consortium|consortia|collaboration|collaborative|collaborators|investigators|"
    r"trialists|committee|task\s+force|working\s+party|network|society|association|"
    r"alliance|initiative|registry|project\s+team|"
    # organisations signing as authors (Zotero's {World Health Organization}, a corporate
    # author in any list): words no person's name is made of
    r"organi[sz]ation|commission|ministry|agency|institute|university|department|"
    r"foundation|corporation|incorporated|inc|ltd|llc|gmbh)\b",
    re.I,
)
_QUALIFIERS = {
    "study",
    "working",
    "writing",
    "research",
    "trial",
    "trials",
    "cooperative",
    "collaborative",
    "steering",
    "expert",
    "advisory",
    "oncology",
    "interest",
    "consensus",
    "investigator",
    "investigators",
    "project",
    "clinical",
    "surveillance",
}
_TAIL = re.compile(r"^(?P<head>.*?)\s*\b(?P<tail>group|grp|team)\.?$", re.I)
_ACRONYM = re.compile(r"\b[A-Z]{2,}[A-Z0-9-]*\b")


def is_group_name(name: str) -> bool:
    """True when ``name`` is a collective author, not a person (see the module docstring).

    >>> [is_group_name(n) for n in ("COVIDSurg Collaborative", "Writing Committee",
    ...  "Finnish Diabetes Prevention Study Group", "GBD 2019 Group", "The Grace Group")]
    [True, True, True, True, True]
    >>> [is_group_name(n) for n in ("Mary Team", "J. Group", "Jan van der Berg", "Li, A.")]
    [False, False, False, False]
    >>> [is_group_name(n) for n in ("World Health Organization", "European Commission",
    ...  "The R Foundation", "Ada Lovelace", "Anna Institutova")]
    [True, True, True, False, False]
    """
    text = " ".join(name.split())
    if not text:
        return False
    if _COLLECTIVE.search(text):
        return True
    m = _TAIL.match(text)
    if not m:
        return False
    if m["tail"].lower() == "grp":
        return True
    head = m["head"].replace(",", " ").split()
    if not head:
        return False
    return (
        head[-1].lower() in _QUALIFIERS
        or bool(_ACRONYM.search(m["head"]))
        or any(ch.isdigit() for ch in m["head"])
        or head[0].lower() == "the"
        or len(head) >= 3
    )


def split_groups(names: list[str]) -> tuple[list[str], list[str]]:
    """``(persons, groups)`` of a list of names, order kept.

    >>> split_groups(["Ada Lovelace", "Graph Consortium", "Alan Turing"])
    (['Ada Lovelace', 'Alan Turing'], ['Graph Consortium'])
    """
    persons: list[str] = []
    groups: list[str] = []
    for n in names:
        (groups if is_group_name(n) else persons).append(n)
    return persons, groups
