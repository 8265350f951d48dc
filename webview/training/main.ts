/** Training panel entry (bundled to dist/webview/training.js). */
import { CancelRunCommand, TrainingProgressNotification, TrainingStateNotification } from '../../src/shared/protocol/trainingPanelProtocol';
import { createMessage, isMessage } from '../../src/shared/protocol/messages';
import { OpenLocationCommand, WebviewReadyCommand } from '../../src/shared/protocol/webviewProtocol';
import type { ProgressParams } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { applyFoldHistory, applyProgressBatch, isTrainingPanelState, mergeCurves } from '../../src/shared/trainingPanelState';
import { loadSavedState, onHostMessage, postToHost, saveState } from '../shared/host';
import { onThemeChange } from '../shared/theme';
import { TrainingView } from './view';

/** What the webview saves: the panel state (the serializer reads it) plus the last progress event. */
type SavedState = TrainingPanelState & { readonly lastProgress?: ProgressParams };

const root = document.getElementById('root') ?? document.body;
let drawn: TrainingView | undefined;
/**
 * The view, built on the first state: until then the page keeps the skeleton the host wrote into
 * its HTML (model, protocol, data folder, "Loading data…"), so something shows before this script
 * and the first message have arrived.
 */
function view(): TrainingView {
  drawn ??= new TrainingView(root, {
    cancel: (runId) => postToHost(createMessage(CancelRunCommand, { runId })),
    openLocation: (file, line) => postToHost(createMessage(OpenLocationCommand, { file, line })),
  });
  return drawn;
}

let state: TrainingPanelState | undefined;
let lastProgress: ProgressParams | undefined;

/**
 * Live redraws at most once a second, the first at once: a redraw of the
 * charts costs the workbench's renderer a lot where it rasterizes in software (code-server in a
 * headless browser), and a core it takes is one the folds lack. With the spinner gone once
 * iterations come (header.ts), the default Train FM in code-server went from 39.6 and 50.9 s to
 * the final table (a redraw per frame) to 26.7 and 35.6 s, interleaved; the CLI's same run: 28 s.
 */
const DRAW_INTERVAL_MS = 1000;
/**
 * A batch this close to the interval is drawn as it arrives: the host sends one a second, in the
 * moment it updates the status bar and the notification, and drawn then the page joins the frame
 * the workbench draws for those (drawn on its own timer, it was a frame of its own each second).
 */
const DRAW_EARLY_MS = 250;
/**
 * Live progress is saved (for a page made again after being hidden) at most every 5 s; every
 * state from the host is saved at once. Saving serializes the whole state, every curve, to JSON
 * (VS Code's setState), which the page and the workbench then hold as garbage: each second that
 * was a string of up to a few hundred KB in a heap the workbench shares. The host sends the whole
 * state again when a page is made, so a saved state a few seconds old is only a first paint.
 */
const LIVE_SAVE_INTERVAL_MS = 5000;
let drawTimer: ReturnType<typeof setTimeout> | undefined;
let drawnAt = Number.NEGATIVE_INFINITY;
let savedAt = Number.NEGATIVE_INFINITY;

function drawProgress(): void {
  if (!state) return;
  drawnAt = performance.now();
  if (drawnAt - savedAt >= LIVE_SAVE_INTERVAL_MS) persist();
  view().renderProgress(state, lastProgress);
}

function drawProgressSoon(): void {
  if (drawTimer !== undefined) return;
  const waitMs = drawnAt + DRAW_INTERVAL_MS - performance.now();
  if (waitMs <= DRAW_EARLY_MS) {
    drawProgress();
    return;
  }
  drawTimer = setTimeout(() => {
    drawTimer = undefined;
    drawProgress();
  }, waitMs);
}

function persist(): void {
  if (!state) return;
  savedAt = performance.now();
  saveState({ ...state, lastProgress } satisfies SavedState);
}

// A page made again (the panel shown after being hidden) draws its saved state at once, before
// the host's state arrives.
const saved = loadSavedState();
if (isTrainingPanelState(saved)) {
  const { lastProgress: savedProgress, ...rest } = saved as SavedState;
  state = rest;
  lastProgress = savedProgress?.runId === rest.request.runId ? savedProgress : undefined;
  view().render(state, lastProgress);
}

onHostMessage((message) => {
  if (isMessage(TrainingStateNotification, message)) {
    // A fold that still carries its history fills its curve from it.
    const incoming = message.params.folds.reduce(applyFoldHistory, message.params);
    const next = mergeCurves(state, incoming);
    if (next.request.runId !== state?.request.runId || next.status !== 'running') lastProgress = undefined;
    state = next;
    persist();
    view().render(next, lastProgress);
  } else if (isMessage(TrainingProgressNotification, message)) {
    if (!state) return;
    const runId = state.request.runId;
    state = applyProgressBatch(state, message.params.events);
    for (const event of message.params.events) if (event.runId === runId) lastProgress = event;
    drawProgressSoon();
  }
});

onThemeChange(() => drawn?.applyTheme());
postToHost(createMessage(WebviewReadyCommand, {}));
