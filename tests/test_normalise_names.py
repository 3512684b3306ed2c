"""Normalise: name identity, display names, the alias file, and two profiles in one run."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.cli import cli
from graph.errors import InputError
from graph.load import load_records
from graph.load.profile_text import read_string
from graph.normalise import normalise, read_aliases


def page(owner: str, *entries: tuple[str, str, str]) -> str:
    """A profile page with ``(header, title, author line)`` entries."""
    body = "\n\n".join(f"{h}\n{t}\n\n{a}\n\nAbstract." for h, t, a in entries)
    return f"{owner}\nCV\n\n{body}\n"


def people(corpus) -> dict[str, str]:
    return dict(corpus.authorships[["author_id", "name"]].drop_duplicates().values.tolist())


def test_spelling_variants_are_one_author_shown_by_the_most_frequent_spelling():
    text = page(
        "Ada Lovelace",
        ("CVMay 1, 2021", "T1", "Ke-Yue Zhang, Bo Li"),
        ("CVMay 2, 2021", "T2", "Keyue Zhang, Bo Li"),
        ("CVMay 3, 2021", "T3", "KE-YUE ZHANG"),
        ("CVMay 4, 2021", "T4", "Keyue Zhang"),
    )
    corpus = normalise(read_string(text))
    assert people(corpus) == {
        "keyuezhang": "Keyue Zhang",
        "boli": "Bo Li",
        "adalovelace": "Ada Lovelace",
    }
    counts = corpus.authorships.groupby("author_id")["paper_id"].nunique().to_dict()
    assert counts == {"keyuezhang": 4, "boli": 2, "adalovelace": 4}


def test_display_name_tie_prefers_the_accented_spelling():
    text = page(
        "Ada Lovelace",
        ("CVMay 1, 2021", "T1", "Adrien Deliege"),
        ("CVMay 2, 2021", "T2", "Adrien Deliège"),
    )
    assert people(normalise(read_string(text)))["adriendeliege"] == "Adrien Deliège"


def test_alias_file_merges_what_the_key_cannot(tmp_path):
    text = page(
        "Ada Lovelace",
        ("CVMay 1, 2021", "T1", "K. Zhang, Bo Li"),
        ("CVMay 2, 2021", "T2", "Ke-Yue Zhang"),
    )
    res = read_string(text)
    assert len(people(normalise(res))) == 4
    csv_path = tmp_path / "aliases.csv"
    csv_path.write_text(
        'variant,canonical\nK. Zhang,Ke-Yue Zhang\n"Lovelace, Ada",Ada L.\n', encoding="utf-8"
    )
    aliases = read_aliases(csv_path)
    assert aliases == {"K. Zhang": "Ke-Yue Zhang", "Lovelace, Ada": "Ada L."}
    merged = normalise(res, aliases=aliases)
    assert people(merged) == {
        "keyuezhang": "Ke-Yue Zhang",
        "boli": "Bo Li",
        "adalovelace": "Ada Lovelace",
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "a,b\n",
            "{p}:1: expected a header line 'variant,canonical', found 'a,b'. Hint: the "
            "first line names the two columns",
        ),
        (
            "",
            "{p}:1: expected a header line 'variant,canonical', found 'an empty file'. Hint: "
            "the first line names the two columns",
        ),
        (
            "variant,canonical\nK. Zhang,Ke-Yue Zhang\nonly one\n",
            "{p}:3: expected two names: variant,canonical, found 'only one'. Hint: quote names "
            "that contain commas",
        ),
        (
            "variant,canonical\n\n,Ke-Yue Zhang\n",
            "{p}:3: expected two names: variant,canonical, found ',Ke-Yue Zhang'. Hint: quote "
            "names that contain commas",
        ),
    ],
    ids=["no header", "empty", "one column", "empty variant"],
)
def test_bad_alias_files_name_the_line(tmp_path, content, message):
    path = tmp_path / "aliases.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_aliases(path)
    assert str(info.value) == message.format(p=path)


def test_non_utf8_alias_file_names_line_and_byte(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_bytes("variant,canonical\nDeli\xe8ge,Adrien Deliège\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_aliases(path)
    assert str(info.value) == (
        f"{path}:2: expected a UTF-8 alias CSV file, found 'byte 0xE8 at byte offset 22, not "
        "UTF-8'. Hint: re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)"
    )


def test_bad_alias_file_through_the_cli(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("name,other\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["info", "--aliases", str(path)])
    assert res.exit_code == 1
    assert res.output == (
        f"Error: {path}:1: expected a header line 'variant,canonical', found "
        "'name,other'. Hint: the first line names the two columns\n"
    )


# --- two profiles in one run ----------------------------------------------------------------


@pytest.fixture(scope="module")
def both(default_profile, test_data):
    second = test_data / "profiles" / "taiping_yao_profile.txt"
    return normalise([load_records(default_profile), load_records(second)])


def _paper(corpus, title_start: str) -> tuple[pd.Series, list]:
    hit = corpus.papers[corpus.papers["title"].str.startswith(title_start)]
    assert len(hit) == 1, title_start
    row = hit.iloc[0]
    auth = corpus.authorships[corpus.authorships["paper_id"] == row["paper_id"]]
    return row, [
        (r.name, None if pd.isna(r.position) else int(r.position), r.listed, r.is_owner)
        for r in auth.itertuples()
    ]


def test_second_profile_alone(test_data):
    res = load_records(test_data / "profiles" / "taiping_yao_profile.txt", strict=True)
    assert res.meta["owner"] == "Taiping Yao"
    assert (res.meta["claimed_papers"], res.meta["capture_year"]) == (3, 2025)
    third = res.records[2]
    assert (third.date.isoformat(), third.year_inferred, third.authors_complete) == (
        "2025-03-02",
        True,
        True,
    )


def test_same_paper_on_two_profiles_is_one_paper_with_both_owners(both):
    assert len(both.papers) == 51  # 50 + 3 - 2 shared
    assert both.meta["records_read"] == 53 and both.meta["duplicates_merged"] == 2
    assert both.owner_ids == ("shouhongding", "taipingyao")
    row, who = _paper(both, "Instance-Aware Domain Generalization")
    assert row["title"] == "Instance-Aware Domain Generalization for Face Anti-Spoofing"
    assert who == [
        ("Qianyu Zhou", 0, True, False),
        ("Ke-Yue Zhang", 1, True, False),
        ("Taiping Yao", 2, True, True),
        ("Shouhong Ding", 3, True, True),
    ]
    tags = both.affiliations.loc[both.affiliations["paper_id"] == row["paper_id"], "institution"]
    assert tags.tolist() == ["tencent-ai", "tsinghua", "sjtu"]
    row, who = _paper(both, "ID³")
    assert row["date"] == "2024-09-26"
    assert who == [
        ("Shen Li", 0, True, False),
        ("Jianqing Xu", 1, True, False),
        ("Jiaying Wu", 2, True, False),
        ("Shouhong Ding", None, False, True),
        ("Taiping Yao", None, False, True),
    ]


def test_names_across_profiles(both):
    names = people(both)
    assert len(names) == 90  # every author of the second page is already on the seed page
    assert names["keyuezhang"] == "Ke-Yue Zhang"  # 3 "Ke-Yue Zhang" vs 1 "KE-YUE ZHANG"
    assert names["adriendeliege"] == "Adrien Deliège"  # 1 : 1, the accented spelling wins
    row, who = _paper(both, "A Hand-Made Entry")
    assert who == [
        ("Ke-Yue Zhang", 0, True, False),
        ("Adrien Deliège", 1, True, False),
        ("Shouhong Ding", 2, True, False),
        ("Taiping Yao", None, False, True),
    ]
    assert (row["date"], bool(row["authors_complete"])) == ("2025-03-02", True)


def test_two_profiles_through_info(default_profile, test_data):
    second = test_data / "profiles" / "taiping_yao_profile.txt"
    res = CliRunner().invoke(cli, ["info", str(default_profile), str(second)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "owner: Shouhong Ding, Taiping Yao"
    assert lines[1] == (
        "papers: 51 read of 110 claimed (the inputs list fewer papers than they "
        "claim), 2 duplicates merged (2 by title + year + authors)"
    )
    assert lines[2].startswith("authors: 90 distinct (88 co-authors + 2 owners), 205 authorships")


def _display_names_pandas(author_ids, names):
    """The group-by definition the one-pass _display_names replaces."""
    spellings = pd.DataFrame({"author_id": author_ids, "name": names})
    counts = spellings.groupby(["author_id", "name"], sort=False).size().rename("n").reset_index()
    counts["non_ascii"] = counts["name"].map(lambda s: not s.isascii())
    counts = counts.sort_values(
        ["author_id", "n", "non_ascii", "name"], ascending=[True, False, False, True]
    )
    return counts.drop_duplicates("author_id").set_index("author_id")["name"].to_dict()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from(["Ada", "Adá", "ada", "Bo", "Bö", "B o", "Zoë"]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_display_names_match_the_group_by_definition(pairs):
    from graph.normalise import _display_names

    ids, names = [p[0] for p in pairs], [p[1] for p in pairs]
    assert _display_names(ids, names) == _display_names_pandas(ids, names)


def test_paper_ids_stay_unique_when_their_short_hashes_collide():
    # These two titles' dedupe keys share the first 10 hex digits of their SHA-1 (found by a
    # birthday search); at 10^6 papers such a pair turns up with probability ~0.4.
    import hashlib

    from graph.load import LoadResult
    from graph.load.records import AuthorRef, PaperRecord

    titles = ("Collision probe 437518", "Collision probe 820372")
    digests = [
        hashlib.sha1(f"t:{t.lower().replace(' ', '')}:2020".encode()).hexdigest() for t in titles
    ]
    assert digests[0][:10] == digests[1][:10] == "30af412146"
    recs = [
        PaperRecord(
            title=t,
            authors=(AuthorRef("Ann A"), AuthorRef(f"Bob {i}")),
            year=2020,
            source="s",
            line=i + 1,
        )
        for i, t in enumerate(titles)
    ]
    corpus = normalise(LoadResult(recs), add_owner=False)
    ids = corpus.papers["paper_id"].tolist()
    assert ids[0] == "P30af412146"  # the first keeps the short form
    assert ids[1] == "P" + digests[1][: len(ids[1]) - 1] and len(ids[1]) > 11
    assert len(set(ids)) == 2
    assert corpus.authorships.groupby("paper_id").size().to_dict() == {ids[0]: 2, ids[1]: 2}
