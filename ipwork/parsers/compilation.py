"""Provincial compilations: one table per region, tab-separated cells, page breaks."""
from __future__ import annotations

from ipwork.parsers.base import Layout, RawPlan
from ipwork.readers import SourceText


class CompilationLayout(Layout):
    name = "compilation"
    title = "Table compilation (汇编 of regional work-point tables)"
    description = "A region heading per plan, then a table 序号/工作重点/工作内容/具体任务/成果形式/责任部门."

    def sniff(self, src: SourceText) -> float:
        return 0.0

    def parse(self, src: SourceText) -> list[RawPlan]:
        return []
