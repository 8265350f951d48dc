/** Experiments panel entry (bundled to dist/webview/experiments.js). */
import type { ExperimentsPanelState, ExperimentsSort } from '../../src/shared/experimentsTable';
import { createMessage, isMessage, isRecord } from '../../src/shared/protocol/messages';
import { ExperimentsStateNotification, ExportExperimentsCommand, OpenRunCommand } from '../../src/shared/protocol/experimentsPanelProtocol';
import { WebviewReadyCommand } from '../../src/shared/protocol/webviewProtocol';
import { loadSavedState, onHostMessage, postToHost, saveState } from '../shared/host';
import { onThemeChange } from '../shared/theme';
import { ExperimentsView } from './view';

/** What the page saves: the table (the serializer reads it), the sort and the ticks. */
interface SavedState extends ExperimentsPanelState {
  readonly sort: ExperimentsSort;
  readonly ticked?: readonly string[];
}

const root = document.getElementById('root') ?? document.body;
let state: ExperimentsPanelState | undefined;

const view = new ExperimentsView(root, {
  exportTable: (sort) => postToHost(createMessage(ExportExperimentsCommand, { sort })),
  openRun: (runId) => postToHost(createMessage(OpenRunCommand, { runId })),
  changed: () => persist(),
});

function persist(): void {
  if (state === undefined) return;
  const saved: SavedState = { ...state, sort: view.sort, ...(view.ticked === undefined ? {} : { ticked: [...view.ticked] }) };
  saveState(saved);
}

const saved = loadSavedState();
if (isRecord(saved) && isRecord(saved.table) && Array.isArray(saved.table.rows)) {
  const restored = saved as unknown as SavedState;
  view.sort = restored.sort ?? view.sort;
  view.ticked = restored.ticked === undefined ? undefined : new Set(restored.ticked);
  state = { table: restored.table };
  view.render(restored.table);
}

onHostMessage((message) => {
  if (isMessage(ExperimentsStateNotification, message)) {
    state = message.params;
    persist();
    view.render(message.params.table);
  }
});

onThemeChange(() => view.applyTheme());
postToHost(createMessage(WebviewReadyCommand, {}));
