/** Spot Check panel entry (bundled to dist/webview/spotCheck.js): a user of the data, or a new user's what-if. */
import { createMessage, isMessage } from '../../src/shared/protocol/messages';
import {
  OpenFilmCommand,
  PickLikedFilmCommand,
  SpotCheckStateNotification,
  WhatIfCommand,
} from '../../src/shared/protocol/spotCheckPanelProtocol';
import { WebviewReadyCommand } from '../../src/shared/protocol/webviewProtocol';
import { isSpotCheckPanelState } from '../../src/shared/spotCheckPanelState';
import type { SpotCheckPanelState } from '../../src/shared/spotCheckPanelState';
import { loadSavedState, onHostMessage, postToHost, saveState } from '../shared/host';
import { onThemeChange } from '../shared/theme';
import { SpotCheckView } from './view';
import { WhatIfView } from './whatIfView';

const root = document.getElementById('root') ?? document.body;
const spotCheck = new SpotCheckView(root, (itemId) => postToHost(createMessage(OpenFilmCommand, { itemId })));
const whatIf = new WhatIfView(root, {
  score: (user) => postToHost(createMessage(WhatIfCommand, { user })),
  pickLikedFilm: () => postToHost(createMessage(PickLikedFilmCommand, {})),
});

function render(state: SpotCheckPanelState): void {
  if (state.kind === 'whatIf') whatIf.render(state);
  else spotCheck.render(state);
}

const saved = loadSavedState();
if (isSpotCheckPanelState(saved)) render(saved);

onHostMessage((message) => {
  if (isMessage(SpotCheckStateNotification, message)) {
    saveState(message.params);
    render(message.params);
  }
});

onThemeChange(() => {
  spotCheck.applyTheme();
  whatIf.applyTheme();
});
postToHost(createMessage(WebviewReadyCommand, {}));
