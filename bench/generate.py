"""Generate synthetic but realistic KAM playbooks for benchmarks (deterministic for a seed).

Sizes: ``S`` copies the repository's example playbook; ``M-lite`` is a tiny generated playbook for
smoke tests; ``M`` (50 accounts, 30 candidates, 150 tasks, 20 chapters) and ``L`` (300 accounts,
120 candidates, 600 tasks, 80 chapters of ~800 words) are generated. Field names follow docs/formats.md.

Usage: ``python bench/generate.py SIZE OUT_DIR [--seed N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate_data as data  # noqa: E402
from prose import CHAPTER_TOPICS, COMPONENTS, chapter_body  # noqa: E402

AS_OF = dt.date(2026, 11, 1)
PLAN_START = dt.date(2026, 3, 2)
REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Size:
    """How big a generated playbook is."""

    name: str
    accounts: int
    candidates: int
    tasks: int
    chapters: int
    words: int
    goals: int
    criteria_per_area: int
    extra_competencies: int
    raci_rows: int


SIZES: dict[str, Size] = {
    "M-lite": Size(
        "M-lite",
        accounts=6,
        candidates=5,
        tasks=24,
        chapters=3,
        words=300,
        goals=2,
        criteria_per_area=3,
        extra_competencies=0,
        raci_rows=6,
    ),
    "M": Size(
        "M",
        accounts=50,
        candidates=30,
        tasks=150,
        chapters=20,
        words=800,
        goals=5,
        criteria_per_area=5,
        extra_competencies=2,
        raci_rows=14,
    ),
    "L": Size(
        "L",
        accounts=300,
        candidates=120,
        tasks=600,
        chapters=80,
        words=800,
        goals=10,
        criteria_per_area=8,
        extra_competencies=6,
        raci_rows=30,
    ),
}
ALL_SIZES = ("S", *SIZES)


def dump(path: Path, value: Any, comment: str) -> None:
    """Write ``value`` as block-style YAML with a leading comment."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    path.write_text(f"# {comment}\n{text}", encoding="utf-8")


def _prepare(out: Path) -> None:
    """Refuse to overwrite anything but an empty or missing folder."""
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"error: {out} is not empty; pass a new or empty folder")
    out.mkdir(parents=True, exist_ok=True)


def copy_example(out: Path) -> Path:
    """Copy the repository's example playbook (kamdocs.yaml, data/, content/) to ``out``."""
    _prepare(out)
    source = REPO_ROOT
    try:
        from kamdocs.resources import example_dir

        source = example_dir("de")
    except Exception:  # noqa: BLE001 - the repository root is the example in a checkout anyway
        pass
    shutil.copy2(source / "kamdocs.yaml", out / "kamdocs.yaml")
    for name in ("data", "content"):
        if (source / name).is_dir():
            shutil.copytree(source / name, out / name)
    return out


def _ascii_slug(text: str) -> str:
    """Return a file-name slug with German umlauts transliterated."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})
    return "".join(c for c in text.lower().translate(table) if c.isalnum() or c in "-_")


def write_chapters(rng: random.Random, size: Size, out: Path) -> None:
    """Write ``size.chapters`` prose chapters with front matter into ``out/content``."""
    content = out / "content"
    content.mkdir(parents=True, exist_ok=True)
    digits = max(2, len(str(size.chapters)))
    used: dict[str, int] = {}
    for index in range(size.chapters):
        topic = CHAPTER_TOPICS[index % len(CHAPTER_TOPICS)]
        used[topic] = used.get(topic, 0) + 1
        part = used[topic]
        title = topic if part == 1 else f"{topic} (Teil {part})"
        slug = _ascii_slug(topic) + ("" if part == 1 else f"-teil-{part}")
        # Spread weights over 5–150 so prose sits between the generated sections (weights 0–70).
        weight = 5 + round(index * 145 / max(1, size.chapters - 1))
        front: dict[str, Any] = {
            "title": title,
            "weight": weight,
            "description": f"{topic}: Grundsätze, Vorgehen und Verantwortlichkeiten im KAM-Programm.",
        }
        if index % 10 == 9:
            front["audience"] = "restricted"
        component = COMPONENTS[(index // 4) % len(COMPONENTS)] if index % 4 == 1 else None
        body = chapter_body(rng, size.words, component)
        head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
        path = content / f"{index + 1:0{digits}d}-{slug}.md"
        path.write_text(f"---\n{head}---\n\n{body}", encoding="utf-8")
    assets = content / "assets"
    assets.mkdir(exist_ok=True)
    (assets / "logo.svg").write_text(data.LOGO_SVG, encoding="utf-8")


def generate(size_name: str, out: Path, seed: int = 0) -> Path:
    """Write the playbook of ``size_name`` (S, M-lite, M or L) into ``out`` and return it."""
    if size_name == "S":
        return copy_example(out)
    if size_name not in SIZES:
        raise SystemExit(f"error: unknown size {size_name!r}; choose one of {', '.join(ALL_SIZES)}")
    size = SIZES[size_name]
    _prepare(out)
    rng = random.Random(f"kamdocs-bench-{size.name}-{seed}")
    candidates = data.candidates(rng, size.candidates, size.extra_competencies)
    accounts = data.accounts(rng, size.accounts, [c["id"] for c in candidates["candidates"]])
    account_ids = [a["id"] for a in accounts]
    stamp = f"Synthetisch erzeugt von bench/generate.py (Größe {size.name}, seed {seed})."
    dump(out / "kamdocs.yaml", data.config(size.name), stamp)
    dump(out / "data" / "company.yaml", data.company(rng, account_ids[:3]), stamp)
    dump(out / "data" / "goals.yaml", data.goals(rng, size.goals), stamp)
    dump(out / "data" / "budget.yaml", data.budget(rng, size.accounts), stamp)
    dump(out / "data" / "organisation.yaml", data.organisation(rng, size.raci_rows, size.accounts), stamp)
    dump(out / "data" / "readiness.yaml", data.readiness(rng, size.criteria_per_area), stamp)
    dump(out / "data" / "tasks.yaml", data.tasks(rng, size.tasks, PLAN_START, AS_OF), stamp)
    dump(out / "data" / "competencies.yaml", data.competencies(size.extra_competencies), stamp)
    dump(out / "data" / "candidates.yaml", candidates, stamp)
    for account in accounts:
        dump(out / "data" / "accounts" / f"{account['id']}.yaml", account, stamp)
    write_chapters(rng, size, out)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=ALL_SIZES)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    path = generate(args.size, args.out, args.seed)
    print(f"wrote playbook {args.size} to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
