"""Corpus report: streaming statistics over Akhbar output and a self-contained HTML page.

No Beam import: feed ``CorpusStats`` with record dicts from any reader, then
``render_html(stats.to_dict(), summary)``.
"""

from akhbar.report.aggregate import CorpusStats
from akhbar.report.render import render_html
from akhbar.report.topk import Item, TopK

__all__ = ["CorpusStats", "Item", "TopK", "render_html"]
