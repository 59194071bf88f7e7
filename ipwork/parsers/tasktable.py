"""National task tables: 工作任务/任务目标/落实举措/执行部门/完成时间, often flattened."""
from __future__ import annotations

from ipwork.parsers.base import Layout, RawPlan
from ipwork.readers import SourceText


class TaskTableLayout(Layout):
    name = "tasks"
    title = "National task table (推进计划)"
    description = "Numbered tasks with 局内/省份 responsibilities and a 完成时间 per task."

    def sniff(self, src: SourceText) -> float:
        return 0.0

    def parse(self, src: SourceText) -> list[RawPlan]:
        return []
