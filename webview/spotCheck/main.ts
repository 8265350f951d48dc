/** Spot Check panel entry (bundled to dist/webview/spotCheck.js). */
import { createMessage, isMessage } from '../../src/shared/protocol/messages';
import { OpenFilmCommand, SpotCheckStateNotification } from '../../src/shared/protocol/spotCheckPanelProtocol';
import { WebviewReadyCommand } from '../../src/shared/protocol/webviewProtocol';
import { isSpotCheckState } from '../../src/shared/spotCheckPanelState';
import { loadSavedState, onHostMessage, postToHost, saveState } from '../shared/host';
import { onThemeChange } from '../shared/theme';
import { SpotCheckView } from './view';

const root = document.getElementById('root') ?? document.body;
const view = new SpotCheckView(root, (itemId) => postToHost(createMessage(OpenFilmCommand, { itemId })));

const saved = loadSavedState();
if (isSpotCheckState(saved)) view.render(saved);

onHostMessage((message) => {
  if (isMessage(SpotCheckStateNotification, message)) {
    saveState(message.params);
    view.render(message.params);
  }
});

onThemeChange(() => view.applyTheme());
postToHost(createMessage(WebviewReadyCommand, {}));
