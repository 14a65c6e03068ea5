"""The README's rules table tells the truth: every rule marked enforced is named by code and by a
test, and every rule of the register appears in the table (../shared/RULES.md)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REGISTER = ROOT.parent / "shared" / "RULES.md"
CODE_DIRS = ("services", "platformkit", "infra", "contracts", "config", "deploy")


def expand(cell: str) -> list[str]:
    """'R-ID-1 .. R-ID-11' / 'R-VLT-1..6, 8, 10' / 'R-AUD-3, R-AUD-6' -> the rule ids."""
    ids, prefix = [], None
    for part in re.split(r",\s*", cell):
        match = re.match(r"(R-[A-Z]+-)?(\d+)\s*(?:\.\.\s*(?:R-[A-Z]+-)?(\d+))?$", part.strip())
        if not match:
            continue
        prefix = match.group(1) or prefix
        low, high = int(match.group(2)), int(match.group(3) or match.group(2))
        ids += [f"{prefix}{n}" for n in range(low, high + 1)]
    return ids


def readme_table() -> dict[str, str]:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Rules"):]
    statuses = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("R-"):
            for rule in expand(cells[0]):
                statuses[rule] = cells[1]
    return statuses


@lru_cache(maxsize=None)
def corpus(dirs: tuple[str, ...]) -> str:
    return "\n".join(path.read_text(errors="ignore") for directory in dirs for path in (ROOT / directory).rglob("*")
                     if path.suffix in {".py", ".toml", ".proto", ".yaml", ".sh"})


def named_in(rule: str, dirs: tuple[str, ...]) -> bool:
    return re.search(rf"\b{re.escape(rule)}\b", corpus(dirs)) is not None


def test_every_rule_marked_enforced_is_named_by_code_and_by_a_test():
    enforced = [rule for rule, status in readme_table().items() if status == "enforced"]
    assert len(enforced) >= 36
    missing_code = [r for r in enforced if not named_in(r, CODE_DIRS)]
    missing_test = [r for r in enforced if not named_in(r, ("tests",))]
    assert not missing_code, f"enforced but no code names them: {missing_code}"
    assert not missing_test, f"enforced but no test names them: {missing_test}"


@pytest.mark.skipif(not REGISTER.exists(), reason="../shared/RULES.md is not beside this checkout")
def test_every_rule_of_the_register_has_a_status_in_the_readme():
    registered = set(re.findall(r"\bR-[A-Z]+-\d+\b", REGISTER.read_text()))
    assert registered - set(readme_table()) == set()
