"""docs/audiences.md, docs/security.md row 23: the internal report never contains a candidate's name.

Except an appointed KAM's: that is shown by name in every audience, with nothing of the assessment.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.model import (
    Account,
    Candidate,
    Candidates,
    Company,
    Competencies,
    Competency,
    Development,
    Mission,
    Playbook,
    ProjectConfig,
)
from kamdocs.report import report_json, report_text

# A distinctive prefix keeps a random name from matching ordinary report text by chance.
names = st.text(alphabet=st.characters(categories=("Lu", "Ll")), min_size=3, max_size=12).map(lambda s: "Kanarie " + s)


@st.composite
def playbooks(draw: st.DrawFn) -> Playbook:
    profile = tuple(
        Competency(id=f"k{i}", name=f"Kompetenz {i}", required=draw(st.integers(1, 5)), critical=draw(st.booleans()))
        for i in range(draw(st.integers(1, 4)))
    )
    people = tuple(
        Candidate(
            id=f"c{j:02d}",
            name=draw(names),
            role=draw(st.none() | names),
            ratings={k.id: draw(st.integers(1, 5)) for k in profile if draw(st.booleans())},
            development=(Development(competency=profile[0].id, measure=draw(names)),),
        )
        for j in range(draw(st.integers(1, 5)))
    )
    # the KAM of an account may be a candidate, named by id or by name
    kams = st.sampled_from([p.id for p in people] + [p.name for p in people])
    accounts = tuple(Account(id=f"a{i}", name=f"Kunde {i}", kam=draw(kams)) for i in range(draw(st.integers(0, 3))))
    return Playbook(
        root=Path("."),
        config=ProjectConfig(title="Playbook", language=draw(st.sampled_from(["de", "en"]))),
        as_of=dt.date(2027, 1, 1),
        company=Company(name="Firma", mission=Mission(statement="Mission")),
        competencies=Competencies(competencies=profile),
        candidates=Candidates(candidates=people),
        accounts=accounts,
    )


@settings(deadline=None, max_examples=60)
@given(playbooks())
def test_internal_report_never_contains_a_candidate_name(book: Playbook) -> None:
    view = make_view(book, analyse(book), "internal")
    outputs = [json.dumps(report_json(view), ensure_ascii=False), report_text(view), repr(view)]
    assert book.candidates is not None
    # An appointed KAM is shown by name in every audience (docs/audiences.md#appointed-kams); a text
    # that occurs inside such a name cannot be told apart from it.
    by_id = {c.id: c.name for c in book.candidates.candidates}
    appointed = [by_id.get(a.kam, a.kam) for a in book.accounts if a.kam is not None]
    for candidate in book.candidates.candidates:
        for text in (candidate.name, candidate.role, candidate.development[0].measure):
            if text is None or any(text in name for name in appointed):
                continue
            for output in outputs:
                assert text not in output
    restricted = make_view(book, analyse(book), "restricted")
    assert all(c.name in report_text(restricted) for c in book.candidates.candidates)
