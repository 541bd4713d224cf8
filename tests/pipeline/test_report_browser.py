"""The report in a real browser: headless Chromium renders the charts and lays out the
Arabic tables right-to-left. Skipped when Chromium is not installed (``.ci/run`` installs it)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.report import build_report
from tests.akhbar.report.fixtures import write_prefix

CHROMIUM = next((p for p in (os.environ.get("AKHBAR_CHROMIUM"), shutil.which("chromium"),
                             shutil.which("chromium-browser"), shutil.which("google-chrome"))
                 if p), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not installed (apt-get install chromium; .ci/run does)")

# Appended to a copy of the report: measures the layout, writes the result into the DOM.
PROBE = """<script>
(function () {
  function box(node, from, to) {
    var r = document.createRange(); r.setStart(node, from); r.setEnd(node, to);
    return r.getBoundingClientRect();
  }
  var out = {charts: 0, bars: 0, rtlCells: 0, rtlOrdered: 0, rightAligned: 0, mixed: null};
  document.querySelectorAll('svg.chart').forEach(function (s) {
    var b = s.getBoundingClientRect(); if (b.width > 200 && b.height > 20) out.charts++; });
  document.querySelectorAll('svg rect.bar').forEach(function (r) {
    var b = r.getBoundingClientRect(); if (b.width > 0 && b.height > 0) out.bars++; });
  document.querySelectorAll('table.entities td[dir=rtl]').forEach(function (td) {
    var t = td.firstChild; if (!t || t.length < 2) return;
    out.rtlCells++;
    if (getComputedStyle(td).direction !== 'rtl') return;
    var first = box(t, 0, 1), last = box(t, t.length - 1, t.length);
    if (first.right > last.right && first.width > 0) out.rtlOrdered++;
    var cell = td.getBoundingClientRect(), text = box(t, 0, t.length);
    if (cell.right - text.right < 16 && text.left - cell.left > 4) out.rightAligned++;
  });
  document.querySelectorAll('table.date-values td.surface').forEach(function (td) {
    var t = td.firstChild, s = t && t.data, i = s ? s.indexOf('2019') : -1;
    if (i > 0 && s.indexOf('جانفي') === 0) {
      out.mixed = {wordRight: box(t, 0, 5).right, yearRight: box(t, i, i + 4).right};
    }
  });
  var pre = document.createElement('pre'); pre.id = 'probe';
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
})();
</script>"""


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    page, _ = build_report(str(write_prefix(root / "out")))
    path = root / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_dom_has_the_charts_and_rtl_arabic_tables(report: Path, tmp_path: Path):
    probe = tmp_path / "probe.html"
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                     encoding="utf-8")
    proc = chromium("--dump-dom", probe.as_uri(), profile=tmp_path / "profile")
    dom = proc.stdout
    assert proc.returncode == 0 and "</html>" in dom, proc.stderr[-2000:]
    match = re.search(r'<pre id="probe">(.*?)</pre>', dom)
    assert match, "the probe did not run"
    found = json.loads(match.group(1).replace("&quot;", '"'))
    html = report.read_text(encoding="utf-8")
    assert found["charts"] == html.count('<svg xmlns') >= 10
    drawn = [(float(w), float(h)) for w, h in
             re.findall(r'<rect class="bar"[^>]*?width="([\d.]+)" height="([\d.]+)"', html)]
    assert found["bars"] == sum(1 for w, h in drawn if w > 0 and h > 0) >= 20
    # Every Arabic entity cell is laid out right-to-left (first letter rightmost) and
    # right-aligned in its cell.
    assert found["rtlCells"] >= 8
    assert found["rtlOrdered"] == found["rtlCells"]
    assert found["rightAligned"] == found["rtlCells"]
    # Mixed text "جانفي 2019": the Arabic word comes first, i.e. right of the year.
    assert found["mixed"] and found["mixed"]["wordRight"] > found["mixed"]["yearRight"]
    for text in ("سامي المنشاوي", "شركة مياه العقبة", "كل أسبوع", "parse.empty_file"):
        assert text in dom


def test_screenshot_shows_the_charts(report: Path, tmp_path: Path):
    image_mod = pytest.importorskip("PIL.Image")
    shot = tmp_path / "report.png"
    proc = chromium(f"--screenshot={shot}", "--window-size=1280,2400", report.as_uri(),
                    profile=tmp_path / "profile")
    assert shot.exists(), proc.stderr[-2000:]
    image = image_mod.open(shot).convert("RGB")
    assert image.size == (1280, 2400)
    colors = image.getcolors(maxcolors=1 << 20)
    counts = {rgb: n for n, rgb in colors}
    # Not blank: many colours, and the chart fills cover real area.
    assert len(colors) > 200
    assert counts.get((0x25, 0x63, 0xA8), 0) > 2000   # blue bars (publication, PERS, sources)
    assert counts.get((0x2E, 0x8B, 0x57), 0) > 500    # green (LOC meters, length, cities)
    assert counts.get((0xD9, 0x73, 0x0D), 0) > 500    # orange (categories)
    dark = sum(n for n, (r, g, b) in colors if r + g + b < 200)
    assert dark > 5000  # text was drawn
