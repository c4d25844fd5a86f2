"""The audience filter (docs/audiences.md): what internal and restricted may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.model import (
    Account,
    Candidate,
    Candidates,
    Chapter,
    Company,
    Competencies,
    Competency,
    FrontMatter,
    Mission,
    Playbook,
    ProjectConfig,
    RenderedBody,
)


def chapter(slug: str, **front: Any) -> Chapter:
    return Chapter(
        source=f"content/{slug}.md",
        slug=slug,
        front=FrontMatter(title=slug.title(), **front),
        body="Text",
        body_line=4,
        rendered=RenderedBody("<p>Text</p>", (), ()),
    )


def playbook(publish: bool = False, min_group_size: int = 2) -> Playbook:
    return Playbook(
        root=Path("."),
        config=ProjectConfig(
            title="T", privacy={"publish_individual_ratings": publish, "min_group_size": min_group_size}
        ),
        as_of=dt.date(2027, 1, 1),
        company=Company(name="C", mission=Mission(statement="M")),
        competencies=Competencies(competencies=(Competency(id="k", name="K", required=3),)),
        candidates=Candidates(
            candidates=(
                Candidate(id="c01", name="Maria Beispiel", ratings={"k": 2}),
                Candidate(id="c02", name="Jonas Albers", ratings={"k": 4}),
            )
        ),
        accounts=(
            Account(id="acme", name="ACME", kam="c01"),
            Account(id="beta", name="Beta", kam=" jonas albers "),
            Account(id="gamma", name="Gamma", kam="Petra Extern"),
            Account(id="delta", name="Delta"),
        ),
        chapters=(
            chapter("intro"),
            chapter("secret", audience="restricted"),
            chapter("wip", draft=True),
            chapter("secret-wip", audience="restricted", draft=True),
        ),
    )


def test_internal_hides_individuals_and_restricted_chapters() -> None:
    book = playbook()
    view = make_view(book, analyse(book), "internal")
    assert view.individuals is False and view.audience == "internal"
    assert view.playbook.candidates is None
    assert view.analysis.competencies is not None
    assert view.analysis.competencies.candidates == ()
    # the aggregates stay
    team = view.analysis.competencies.team[0]
    assert (team.with_gap, team.mean, team.meets) == (1, 3.0, 1)
    assert view.analysis.competencies.candidate_count == 2
    assert [c.slug for c in view.playbook.chapters] == ["intro"]
    # an appointed KAM is shown by name: a candidate id becomes the name, other values stay as written
    assert {a.id: a.kam for a in view.playbook.accounts} == {
        "acme": "Maria Beispiel",
        "beta": " jonas albers ",
        "gamma": "Petra Extern",
        "delta": None,
    }
    # the input is not changed
    assert book.candidates is not None and book.accounts[0].kam == "c01" and len(book.chapters) == 4


def test_restricted_sees_everything_but_drafts() -> None:
    book = playbook()
    analysis = analyse(book)
    view = make_view(book, analysis, "restricted")
    assert view.individuals is True
    assert view.playbook.candidates == book.candidates
    assert view.analysis == analysis
    assert [c.slug for c in view.playbook.chapters] == ["intro", "secret"]
    assert view.playbook.accounts == book.accounts


def test_opt_in_publishes_profiles_but_not_restricted_chapters() -> None:
    book = playbook(publish=True)
    view = make_view(book, analyse(book), "internal")
    assert view.individuals is True
    assert view.analysis.competencies is not None
    assert [c.id for c in view.analysis.competencies.candidates] == ["c02", "c01"]
    assert view.playbook.candidates == book.candidates
    assert view.playbook.accounts[0].kam == "c01"
    assert [c.slug for c in view.playbook.chapters] == ["intro"]


def test_internal_without_competencies() -> None:
    book = Playbook(
        root=Path("."),
        config=ProjectConfig(title="T"),
        as_of=dt.date(2027, 1, 1),
        company=Company(name="C", mission=Mission(statement="M")),
    )
    view = make_view(book, analyse(book), "internal")
    assert view.analysis.competencies is None and view.playbook.candidates is None


def test_small_groups_are_withheld_from_internal_only() -> None:
    # two candidates rated, groups of three required (the default): no aggregate of ratings internally
    book = playbook(min_group_size=3)
    view = make_view(book, analyse(book), "internal")
    result = view.analysis.competencies
    assert result is not None
    team = result.team[0]
    assert (team.with_gap, team.mean, team.meets, team.rated, team.withheld) == (None, None, None, 2, True)
    assert (result.meeting_profile, result.suitable, result.min_group_size) == (None, None, 3)
    restricted = make_view(book, analyse(book), "restricted").analysis.competencies
    assert restricted is not None
    assert (restricted.team[0].with_gap, restricted.team[0].mean, restricted.meeting_profile) == (1, 3.0, 1)
    # the opt-in publishes the individual ratings, so there is nothing left to withhold
    opted = playbook(publish=True, min_group_size=3)
    published = make_view(opted, analyse(opted), "internal").analysis.competencies
    assert published is not None and published.team[0].mean == 3.0


def test_group_size_counts_the_rated_per_competency() -> None:
    book = playbook(min_group_size=2)
    profile = (Competency(id="k", name="K", required=3), Competency(id="m", name="M", required=2))
    people = (
        Candidate(id="c01", name="A", ratings={"k": 2, "m": 2}),
        Candidate(id="c02", name="B", ratings={"k": 4}),
    )
    book = replace(book, competencies=Competencies(competencies=profile), candidates=Candidates(candidates=people))
    result = make_view(book, analyse(book), "internal").analysis.competencies
    assert result is not None
    # k rated by two: shown; m rated by one: withheld; two candidates were rated at all: counts shown
    assert [(t.id, t.with_gap, t.mean) for t in result.team] == [("k", 1, 3.0), ("m", None, None)]
    assert (result.meeting_profile, result.suitable) == (0, 2)
