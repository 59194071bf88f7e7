"""ipwork: turn Chinese IP work plans (工作要点, 推进计划, 行动计划) into one record per work item."""

__version__ = "0.1.0"
