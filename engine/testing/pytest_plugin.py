"""pytest plugin: every worked case under cases/ is a test item, so pytest and
``pocapace cases run`` agree. A failure shows the file, the case and each expectation missed."""

from __future__ import annotations

import pytest

from pocapace.engine.api import get_engine
from pocapace.engine.core.errors import PocapaceError
from pocapace.engine.tools.worked import load_worked, run_worked_case


def pytest_collect_file(parent, file_path):
    if file_path.suffix == ".yaml" and "cases" in file_path.parts and \
            not file_path.name.startswith("_"):
        return WorkedCaseFile.from_parent(parent, path=file_path)
    return None


class WorkedCaseFile(pytest.File):
    def collect(self):
        try:
            worked = load_worked(self.path)
        except PocapaceError as exc:
            raise self.CollectError(exc.message) from None
        for raw in worked:
            name = raw.data.get("id", self.path.stem)
            yield WorkedCaseItem.from_parent(self, name=str(name), raw=raw)


class WorkedCaseFailed(Exception):
    pass


class WorkedCaseItem(pytest.Item):
    def __init__(self, *, raw, **kwargs):
        super().__init__(**kwargs)
        self.raw = raw

    def runtest(self):
        result = run_worked_case(get_engine(), self.raw)
        if not result.passed:
            raise WorkedCaseFailed(result)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, WorkedCaseFailed):
            result = excinfo.value.args[0]
            lines = [f"{result.source}: {result.case_id} {result.title or ''}"]
            lines += [f"  {failure}" for failure in result.failures]
            return "\n".join(lines)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"worked case {self.name}"
