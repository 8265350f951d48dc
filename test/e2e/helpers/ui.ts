import type { FrameLocator, Locator, Page } from 'playwright-core';

// Driving the workbench as a person does: keyboard, mouse, what is visible. Selectors are the
// workbench's own DOM classes (stable across recent VS Code releases).

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a command from the Command Palette by its visible title, e.g. "Recommender Lab: Train FM".
 * Right after load the palette may not list the extension's commands yet: close and reopen it
 * until the row appears. Resolves to `Date.now()` at the click that ran the command.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  for (;;) {
    await page.keyboard.press('F1');
    const row = widget.locator('.monaco-list-row', { hasText: title }).first();
    try {
      // The palette can open inert for a moment (a closing quick input or dialog still holds the
      // focus): another try then, not a failure.
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      await row.click();
      const clicked = Date.now();
      await widget.waitFor({ state: 'hidden', timeout: 10_000 });
      return clicked;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the palette never listed "${title}" (${timeoutMs} ms): ${String(error)}`);
      await page.keyboard.press('Escape');
      await sleep(1_000);
    }
  }
}

/**
 * Opens a workspace file by name through Quick Open (Ctrl+P), as a user would. `name` may carry
 * its folder ("odd/u.data") when several files share a name; the tab shows the file name.
 */
export async function openFile(page: Page, name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const widget = page.locator('.quick-input-widget');
  const query = name;
  name = name.split('/').pop() ?? name;
  for (;;) {
    await page.keyboard.press('Control+P');
    const input = widget.locator('input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(query);
    const row = widget.locator('.monaco-list-row', { hasText: name }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15_000 });
      await page.locator('.part.editor .monaco-editor .view-lines .view-line').first().waitFor({ state: 'visible', timeout: 15_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`could not open ${name} with Quick Open: ${String(error)}`);
      await page.keyboard.press('Escape');
      await sleep(1_000);
    }
  }
}

/** Clicks an activity-bar entry (e.g. "Recommender Lab") and waits for its side bar. */
export async function openViewContainer(page: Page, label: string): Promise<void> {
  const item = page
    .locator('.part.activitybar .action-item')
    .filter({ has: page.locator(`a[aria-label^="${label}"]`) })
    .first();
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  // Clicking the active entry would close the side bar: click only when it is not shown.
  if ((await item.getAttribute('class'))?.includes('checked') !== true) await item.click();
  await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: 15_000 });
}

/** A view's pane in the side bar by its title (e.g. "Users"). */
export function viewPane(page: Page, title: string): Locator {
  return page
    .locator('.part.sidebar .pane')
    .filter({ has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`, 'i') }) });
}

/** The first tree row of a view whose text matches, once the view has loaded its rows. */
export async function treeItem(page: Page, viewTitle: string, rowText: string | RegExp, timeoutMs = 60_000): Promise<Locator> {
  const pane = viewPane(page, viewTitle);
  await pane.waitFor({ state: 'visible', timeout: 15_000 });
  // A collapsed pane shows no rows: expand it.
  const header = pane.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  const row = pane.locator('.monaco-list-row', { hasText: rowText }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  return row;
}

/** Clicks the first tree row of a view whose text matches (see {@link treeItem}). */
export async function clickTreeItem(page: Page, viewTitle: string, rowText: string | RegExp, timeoutMs = 60_000): Promise<Locator> {
  const row = await treeItem(page, viewTitle, rowText, timeoutMs);
  await row.click();
  return row;
}

/**
 * The content frame of the webview in which `selector` matches. A webview is two nested iframes:
 * the workbench's `iframe.webview.ready`, then the page's `iframe#active-frame`.
 */
export async function webviewWith(page: Page, selector: string, timeoutMs = 60_000, pollMs = 250): Promise<FrameLocator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await page.locator('iframe.webview.ready').count();
    for (let index = 0; index < count; index++) {
      const frame = page.frameLocator('iframe.webview.ready').nth(index).frameLocator('iframe#active-frame');
      try {
        if ((await frame.locator(selector).count()) > 0) return frame;
      } catch {
        // the frame is being replaced
      }
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector} after ${timeoutMs} ms (${count} webview(s) open)`);
    await sleep(pollMs);
  }
}

/** Where a token is on screen and what it says. */
export interface TokenBox {
  text: string;
  x: number;
  y: number;
}

// Runs in the page. Kept as plain JavaScript text: the test runner's transpiler would wrap
// functions in helpers (__name) that do not exist in the page.
const LOCATE_TOKEN = `({ lineNumber, tokenIndex }) => {
  const editor = document.querySelector('.part.editor .editor-group-container.active .monaco-editor');
  if (!editor) return 'no active text editor';
  const numberBox = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers'))
    .find((element) => element.textContent.trim() === String(lineNumber));
  if (!numberBox) return 'line ' + lineNumber + ' is not rendered';
  const numberRect = numberBox.getBoundingClientRect();
  const middle = numberRect.top + numberRect.height / 2;
  const line = Array.from(editor.querySelectorAll('.view-lines .view-line')).find((element) => {
    const rect = element.getBoundingClientRect();
    return rect.top <= middle && middle <= rect.bottom;
  });
  if (!line) return 'no view line at line ' + lineNumber;
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node, start: text.length });
    text += node.textContent;
  }
  // \\s covers the non-breaking spaces the editor renders.
  const tokens = Array.from(text.matchAll(/\\S+/g));
  const token = tokens[tokenIndex];
  if (!token) return 'line ' + lineNumber + ' has ' + tokens.length + ' tokens: "' + text + '"';
  const holderOf = (offset) => nodes.filter((entry) => entry.start <= offset).pop();
  const first = holderOf(token.index);
  const last = holderOf(token.index + token[0].length - 1);
  const range = document.createRange();
  range.setStart(first.node, token.index - first.start);
  range.setEnd(last.node, token.index + token[0].length - last.start);
  const rect = range.getBoundingClientRect();
  return { text: token[0], x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}`;

/**
 * The screen box of the `tokenIndex`-th (0-based) whitespace-separated token of an editor line
 * (1-based line number, must be rendered). Editor text uses non-breaking spaces and one span per
 * token class, so the token is located with a DOM Range over the line's text nodes.
 */
export async function editorToken(page: Page, lineNumber: number, tokenIndex: number): Promise<TokenBox> {
  const box = (await page.evaluate(`(${LOCATE_TOKEN})(${JSON.stringify({ lineNumber, tokenIndex })})`)) as TokenBox | string;
  if (typeof box === 'string') throw new Error(`editorToken: ${box}`);
  return box;
}

/**
 * Moves the mouse onto an editor token and returns the text of the visible hover once it matches
 * `until` (hovers may first say "Loading…"). Re-hovers now and then, as a user would.
 */
export async function hoverToken(page: Page, token: TokenBox, until: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents');
  let text = '';
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    if (attempt % 10 === 0) {
      await page.mouse.move(token.x + 30, token.y + 40);
      await page.mouse.move(token.x, token.y, { steps: 3 });
    }
    text = (await hover.allInnerTexts()).join('\n');
    if (until.test(text)) return text;
    await sleep(300);
  }
  throw new Error(`the hover over "${token.text}" never matched ${until}; last text: "${text}"`);
}

/** Clicks an editor tab by (part of) its title. */
export async function clickTab(page: Page, title: string | RegExp): Promise<void> {
  const tab = page.locator('.part.editor .tabs-container .tab', { hasText: title }).first();
  await tab.waitFor({ state: 'visible', timeout: 15_000 });
  await tab.click();
}

/** The visible notification toast whose text matches, once it shows. */
export async function notificationToast(page: Page, text: RegExp, timeoutMs = 60_000): Promise<Locator> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return toast;
}

/** When a webview's content first showed, and how long the browser took to get there. */
export interface WebviewShown {
  /** `Date.now()` when an element matching the selector and text first showed. */
  readonly at: number;
  readonly text: string;
  /** `Date.now()` when the workbench created the webview's frame (the host asked for the panel). */
  readonly frameCreatedAt: number;
  /** When the webview's frame had its service worker (VS Code's webview marks; undefined if absent). */
  readonly workerReadyAt: number | undefined;
  /** The frame's own marks (`content/innerFrameLoaded`, `content/wroteInnerContent`, …) as `Date.now()` times. */
  readonly marks: Readonly<Record<string, number>>;
}

// Runs in the page, polling every `intervalMs`: the webview frames of code-server are same-origin,
// so the page can look inside them, much closer to what the screen shows than a poll from here.
const WATCH_WEBVIEW = `({ selector, pattern, timeoutMs, intervalMs }) => new Promise((resolve, reject) => {
  const started = Date.now();
  const timer = setInterval(() => {
    for (const outer of Array.from(document.querySelectorAll('iframe.webview'))) {
      let outerWindow;
      let node;
      try {
        outerWindow = outer.contentWindow;
        const inner = outer.contentDocument && outer.contentDocument.querySelector('iframe#active-frame');
        node = inner && inner.contentDocument && inner.contentDocument.querySelector(selector);
      } catch (error) {
        continue;
      }
      if (!node || !new RegExp(pattern).test(node.textContent || '')) continue;
      clearInterval(timer);
      const timing = outerWindow.performance;
      const marks = {};
      for (const mark of timing.getEntriesByType('mark')) marks[mark.name.split('/').slice(-2).join('/')] = Math.round(timing.timeOrigin + mark.startTime);
      resolve({
        marks,
        at: Date.now(),
        text: node.textContent,
        frameCreatedAt: Math.round(timing.timeOrigin),
        workerReadyAt: marks['content/workerReady'],
      });
      return;
    }
    if (Date.now() - started > timeoutMs) {
      clearInterval(timer);
      reject(new Error('no webview showed ' + selector + ' matching ' + pattern + ' in ' + timeoutMs + ' ms'));
    }
  }, intervalMs);
})`;

/**
 * Starts watching, in the page, for a webview element matching `selector` whose text matches
 * `pattern`; resolves once one shows. Start it before the action that should show it.
 */
export function watchWebview(page: Page, selector: string, pattern: RegExp, timeoutMs = 120_000, intervalMs = 10): Promise<WebviewShown> {
  const args = JSON.stringify({ selector, pattern: pattern.source, timeoutMs, intervalMs });
  return page.evaluate(`(${WATCH_WEBVIEW})(${args})`) as Promise<WebviewShown>;
}

/**
 * Runs in the webview (pass it to `evaluate`; it must stay self-contained): the commonest colour of
 * a chart canvas's mostly opaque pixels, i.e. its bars, as "rgb(r, g, b)".
 */
export function dominantBarColor(canvas: Element): string {
  const chart = canvas as HTMLCanvasElement;
  const pixels = chart.getContext('2d')?.getImageData(0, 0, chart.width, chart.height).data ?? new Uint8ClampedArray();
  const counts = new Map<string, number>();
  for (let index = 0; index < pixels.length; index += 4) {
    if (pixels[index + 3] < 150) continue;
    const key = `rgb(${pixels[index]}, ${pixels[index + 1]}, ${pixels[index + 2]})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let commonest = '';
  let most = 0;
  for (const [key, count] of counts) {
    if (count > most) [commonest, most] = [key, count];
  }
  return commonest;
}

/** Two "rgb(r, g, b)" colours within a few units per channel (a canvas stores translucent fills rounded). */
export function sameColor(first: string, second: string, tolerance = 3): boolean {
  const channels = (color: string): number[] => (color.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  const [a, b] = [channels(first), channels(second)];
  return a.length === 3 && b.length === 3 && a.every((value, index) => Math.abs(value - b[index]) <= tolerance);
}
