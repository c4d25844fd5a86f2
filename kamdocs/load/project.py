"""Read a whole project folder into a :class:`~kamdocs.model.Playbook`, collecting every problem."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from kamdocs.clock import reference_date
from kamdocs.errors import NO_POSITION, KamdocsError, Problem, Severity, sort_problems
from kamdocs.load.cache import ParseCache, ParsedFile
from kamdocs.load.crosscheck import CheckedParts, cross_check_parts
from kamdocs.load.frontmatter import read_chapters
from kamdocs.load.markdown import ChapterRenderer
from kamdocs.load.prerender import Prerender
from kamdocs.load.privacy_check import privacy_warnings
from kamdocs.load.salvage import Salvaged, salvage
from kamdocs.load.validate import validate
from kamdocs.load.yamlio import Located, YamlProblem, list_dir, parse, read_source
from kamdocs.model import DATA_FILES, Account, Chapter, Playbook, ProjectConfig
from kamdocs.model.accounts import with_financials
from kamdocs.suggest import did_you_mean

CONFIG_FILE = "kamdocs.yaml"
M = TypeVar("M", bound=BaseModel)


@dataclass
class LoadResult:
    """The playbook (None when there are errors) and every problem found."""

    playbook: Playbook | None
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, Located] = field(default_factory=dict)
    """Parsed files by relative path, for cross-checks that need positions."""

    @property
    def errors(self) -> list[Problem]:
        """Return the problems of severity error."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


def _parse_file(rel: str, text: str, model: type[BaseModel]) -> ParsedFile:
    """Parse and validate the text of one file on its own (no cross-checks)."""
    try:
        located = parse(text)
    except YamlProblem as exc:
        return ParsedFile(None, (Problem(rel, exc.line, exc.col, Severity.ERROR, exc.message),), None, None)
    problems = [Problem(rel, issue.line, issue.col, Severity.ERROR, issue.message) for issue in located.problems]
    if located.data is None:
        located.data = {}
    if not isinstance(located.data, dict):
        problems.append(Problem(rel, 1, 1, Severity.ERROR, "expected a mapping of 'key: value' lines at the top level"))
        return ParsedFile(located, tuple(problems), None, None)
    value, invalid = validate(model, located, rel)
    problems.extend(invalid)
    rest = salvage(model, located) if value is None else None
    return ParsedFile(located, tuple(problems), value, rest)


class _Reader:
    """Parse and validate files of one project, remembering problems and positions."""

    def __init__(self, root: Path, cache: ParseCache | None = None) -> None:
        self.root = root
        self.cache = cache
        self.problems: list[Problem] = []
        self.sources: dict[str, Located] = {}
        self.present: set[str] = set()
        """Every file read, valid or not."""
        self.salvaged: dict[str, Salvaged] = {}
        """The valid rest of files with errors in list items, for the cross-checks."""

    def rel(self, path: Path) -> str:
        return unicodedata.normalize("NFC", path.relative_to(self.root).as_posix())

    def read(self, path: Path, model: type[M]) -> M | None:
        rel = self.rel(path)
        self.present.add(rel)
        try:
            text = read_source(path, self.root)
        except YamlProblem as exc:
            self.problems.append(Problem(rel, exc.line, exc.col, Severity.ERROR, exc.message))
            return None
        except OSError as exc:
            self.problems.append(
                Problem(rel, NO_POSITION, NO_POSITION, Severity.ERROR, f"cannot read the file: {exc.strerror}")
            )
            return None
        if self.cache is None:
            parsed = _parse_file(rel, text, model)
        else:
            key = self.cache.key(rel, model.__name__, text)
            cached = self.cache.get(key)
            parsed = cached if cached is not None else _parse_file(rel, text, model)
            if cached is None:
                self.cache.put(key, parsed)
        self.problems.extend(parsed.problems)
        if parsed.located is not None:
            self.sources[rel] = parsed.located
        if parsed.salvaged is not None:
            self.salvaged[rel] = parsed.salvaged
        value: M | None = parsed.value
        return value

    def for_checks(self, rel: str, value: BaseModel | None) -> Any:
        """Return the valid model of ``rel``, else the valid rest of it (for cross-checks only)."""
        if value is not None:
            return value
        rest = self.salvaged.get(rel)
        return rest.value if rest is not None else None


def _read_accounts(reader: _Reader, account_dir: Path) -> list[tuple[str, Account]]:
    """Read ``data/accounts/*.yaml``; return (relative path, account) in file-name order."""
    if not account_dir.is_dir():
        reader.problems.append(
            Problem(
                "data/accounts",
                NO_POSITION,
                NO_POSITION,
                Severity.NOTE,
                "data/accounts/ is missing; the key accounts section is left out of the playbook",
            )
        )
        return []
    accounts: list[tuple[str, Account]] = []
    try:
        paths = list_dir(account_dir)
    except YamlProblem as exc:
        reader.problems.append(Problem("data/accounts", NO_POSITION, NO_POSITION, Severity.ERROR, exc.message))
        return []
    for path in paths:
        if path.suffix.lower() not in (".yaml", ".yml"):
            continue
        if not path.is_file():
            # A folder or a broken link named like an account would otherwise vanish without a word.
            reader.problems.append(
                Problem(
                    reader.rel(path),
                    NO_POSITION,
                    NO_POSITION,
                    Severity.WARNING,
                    "this is not a file (a folder or a broken link), so it is no account; "
                    "write each account into a file data/accounts/<id>.yaml",
                )
            )
            continue
        account = reader.read(path, Account)
        if account is not None:
            accounts.append((reader.rel(path), account))
    return accounts


def _checked_parts(
    reader: _Reader, loaded: dict[str, Any], accounts: list[tuple[str, Account]], chapters: list[Chapter]
) -> CheckedParts:
    """Collect what loaded — or the valid rest of a file with errors — for the cross-checks."""

    def part(name: str) -> Any:
        return reader.for_checks(f"data/{name}", loaded.get(name))

    valid = {rel for rel, _ in accounts}
    salvaged_accounts = [
        (rel, rest.value)
        for rel, rest in reader.salvaged.items()
        if rel.startswith("data/accounts/") and rel not in valid and isinstance(rest.value, Account)
    ]
    return CheckedParts(
        company=part("company.yaml"),
        goals=part("goals.yaml"),
        budget=part("budget.yaml"),
        organisation=part("organisation.yaml"),
        readiness=part("readiness.yaml"),
        tasks=part("tasks.yaml"),
        competencies=part("competencies.yaml"),
        candidates=part("candidates.yaml"),
        portfolio=part("portfolio.yaml"),
        accounts=tuple(sorted([*accounts, *salvaged_accounts])),
        chapters=tuple(chapters),
        present=frozenset(reader.present),
        dropped={(rel, key): ids for rel, rest in reader.salvaged.items() for key, ids in rest.dropped_ids.items()},
    )


def _warn_unknown_data_files(reader: _Reader, data_dir: Path) -> None:
    """Warn about YAML files in data/ that kamdocs does not read (often a misspelt name)."""
    if not data_dir.is_dir():
        return
    try:
        entries = list_dir(data_dir)
    except YamlProblem as exc:
        reader.problems.append(Problem("data", NO_POSITION, NO_POSITION, Severity.ERROR, exc.message))
        return
    for path in entries:
        name = unicodedata.normalize("NFC", path.name)
        if path.suffix.lower() not in (".yaml", ".yml") or name in DATA_FILES or not path.is_file():
            continue
        stems = [known.removesuffix(".yaml") for known in DATA_FILES]
        hint = did_you_mean(path.stem, stems, show=lambda stem: f"data/{stem}.yaml") or (
            f"; the data files are {', '.join(DATA_FILES)} and accounts/<id>.yaml"
        )
        reader.problems.append(
            Problem(
                reader.rel(path), NO_POSITION, NO_POSITION, Severity.WARNING, f"kamdocs does not read data/{name}{hint}"
            )
        )


def load_project(
    root: Path,
    *,
    as_of: dt.date | None = None,
    renderer: ChapterRenderer | None = None,
    prerender: bool = False,
    cache: ParseCache | None = None,
) -> LoadResult:
    """Read and validate everything under ``root``, rendering the chapters; never raises for bad input.

    ``renderer`` keeps rendered chapters between loads (a new one when None). ``prerender``
    renders the chapters of a large project in a forked worker while the data loads: only for
    a single-threaded caller (see :class:`~kamdocs.load.prerender.Prerender`). ``cache`` keeps
    parsed files by content across loads (many git revisions of one project).
    """
    root = Path(root)
    renderer = renderer if renderer is not None else ChapterRenderer()
    reader = _Reader(root, cache)
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        # No file, so no line to point at: the message is shown without line and column.
        here = root == Path(".") or root.resolve() == Path.cwd().resolve()
        where = f"this folder ({Path.cwd()})" if here else str(root)
        reader.problems.append(
            Problem(
                CONFIG_FILE,
                NO_POSITION,
                NO_POSITION,
                Severity.ERROR,
                f"no {CONFIG_FILE} in {where}; run 'kamdocs init{'' if here else ' ' + str(root)}' to start "
                "a playbook, or pass the folder that contains kamdocs.yaml",
            )
        )
        return LoadResult(None, sort_problems(reader.problems))
    config = reader.read(config_path, ProjectConfig)
    lang = config.language if config is not None else "de"  # the settings' default (no playbook then anyway)
    worker = Prerender(root, lang) if prerender else None
    try:
        return _load_rest(reader, config, renderer, lang, worker, as_of)
    finally:
        if worker is not None:
            worker.close()


def _load_rest(
    reader: _Reader,
    config: ProjectConfig | None,
    renderer: ChapterRenderer,
    lang: str,
    worker: Prerender | None,
    as_of: dt.date | None,
) -> LoadResult:
    """Read the data files and chapters after kamdocs.yaml, cross-check them, build the playbook."""
    root = reader.root
    data_dir = root / "data"
    loaded: dict[str, Any] = {}
    for name, model in DATA_FILES.items():
        path = data_dir / name
        if path.is_file():
            loaded[name] = reader.read(path, model)
        elif name == "company.yaml":
            reader.problems.append(
                Problem(
                    f"data/{name}",
                    NO_POSITION,
                    NO_POSITION,
                    Severity.ERROR,
                    "data/company.yaml is required: it holds the company name and the KAM mission",
                )
            )
        elif name != "portfolio.yaml":  # no section of its own: the accounts' check says what it is for
            reader.problems.append(
                Problem(
                    f"data/{name}",
                    NO_POSITION,
                    NO_POSITION,
                    Severity.NOTE,
                    f"data/{name} is missing; its section is left out of the playbook",
                )
            )
    _warn_unknown_data_files(reader, data_dir)
    accounts = _read_accounts(reader, data_dir / "accounts")
    if worker is not None:
        worker.collect(renderer)
    chapters = read_chapters(root, reader.problems, renderer, lang)
    # Cross-checks run on whatever loaded, so that one broken file does not hide the
    # problems of the others ("all problems in one run").
    check_sources = {**reader.sources, **{rel: rest.located for rel, rest in reader.salvaged.items()}}
    reader.problems.extend(cross_check_parts(_checked_parts(reader, loaded, accounts, chapters), check_sources))
    reader.problems.extend(
        privacy_warnings(root, loaded.get("candidates.yaml"), [a for _, a in accounts], chapters, reader.sources)
    )
    playbook = None
    if config is not None and loaded.get("company.yaml") is not None:
        day = as_of or reference_date(config.as_of)
        playbook = Playbook(
            root=root,
            config=config,
            as_of=day,
            company=loaded["company.yaml"],
            goals=loaded.get("goals.yaml"),
            budget=loaded.get("budget.yaml"),
            organisation=loaded.get("organisation.yaml"),
            readiness=loaded.get("readiness.yaml"),
            tasks=loaded.get("tasks.yaml"),
            competencies=loaded.get("competencies.yaml"),
            candidates=loaded.get("candidates.yaml"),
            portfolio=loaded.get("portfolio.yaml"),
            # A revenue or potential left out is taken from the financials of the as_of year (formats.md).
            accounts=tuple(sorted((with_financials(account, day) for _, account in accounts), key=lambda a: a.id)),
            chapters=tuple(chapters),
        )
    problems = sort_problems(reader.problems)
    if any(p.severity is Severity.ERROR for p in problems):
        playbook = None
    return LoadResult(playbook, problems, reader.sources)


def load_playbook(
    root: Path, *, as_of: dt.date | None = None, renderer: ChapterRenderer | None = None
) -> tuple[Playbook, list[Problem]]:
    """Load ``root`` or raise :class:`KamdocsError` with every problem when it has errors."""
    result = load_project(root, as_of=as_of, renderer=renderer)
    if result.playbook is None:
        raise KamdocsError(result.problems)
    return result.playbook, result.problems
