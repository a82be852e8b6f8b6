"""Layout checks run in the browser: cells that hold their content, pages without a
horizontal scroll bar."""

# Every cell of the tables matched by arguments[0] whose content is wider than the cell
# (it spills over its neighbours, or the cell is narrower than its content's minimum):
# [column class, text, cell width, content width].
SPILLING_CELLS = """
const spilling = [];
document.querySelectorAll(arguments[0]).forEach(cell => {
  const box = cell.getBoundingClientRect();
  if (!box.width) return;
  let right = box.left + cell.scrollWidth;
  cell.querySelectorAll('*').forEach(child => {
    const r = child.getBoundingClientRect();
    if (r.width) right = Math.max(right, r.right);
  });
  if (right > box.right + 1) {
    spilling.push([cell.className, cell.textContent.trim().slice(0, 20),
                   Math.round(box.width), Math.round(right - box.left)]);
  }
});
return spilling;
"""

# Short labels (up to eight characters, one word) broken over two lines or more: a column
# squeezed below its words' width ("作出处" over "理"). [column class, text, lines].
BROKEN_LABELS = """
const broken = [];
document.querySelectorAll(arguments[0]).forEach(cell => {
  const text = cell.textContent.trim();
  if (!text || text.length > 8 || /\\s/.test(text)) return;
  const tops = [];
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    for (const r of range.getClientRects()) if (r.width) tops.push(r.top);
  }
  tops.sort((a, b) => a - b);
  let lines = tops.length ? 1 : 0;
  for (let i = 1; i < tops.length; i++) if (tops[i] - tops[i - 1] > 5) lines++;
  if (lines > 1) broken.push([cell.className, text, lines]);
});
return broken;
"""

# How far the page is wider than the window (0: no horizontal scroll bar).
OVERFLOW = "return document.documentElement.scrollWidth - window.innerWidth;"

# How far an admin changelist's table is wider than its box, at most (0: no horizontal
# scroll bar under the list; the page's own is OVERFLOW).
CHANGELIST_OVERFLOW = """
const results = document.querySelector('#changelist .results');
const table = document.querySelector('#result_list');
return Math.max(0, Math.round(table.getBoundingClientRect().width - results.clientWidth),
                results.scrollWidth - results.clientWidth);
"""

LAPTOP = (1366, 768)
PHONE = (390, 844)


def size_viewport(browser, width, height):
    """The window so that the page's viewport is ``width`` × ``height``."""
    browser.set_window_size(width, height)
    inner = browser.execute_script("return [window.innerWidth, window.innerHeight];")
    browser.set_window_size(2 * width - inner[0], 2 * height - inner[1])
