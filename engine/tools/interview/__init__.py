"""The guided interview: the next decisive question for a partial case, reading answers as
people type them, and the case file the answers make. No terminal or HTTP concern here:
``next_step`` serves the command line and, later, the decision service alike."""

from __future__ import annotations

from .partial import Answers
from .session import Interview, Parsed
from .step import Question, Step, next_step

__all__ = ["Answers", "Interview", "Parsed", "Question", "Step", "next_step"]
