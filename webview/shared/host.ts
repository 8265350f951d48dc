/**
 * The webview's side of the host connection: typed messages out, raw messages in (narrowed with
 * `isMessage` by the caller), and the small state VS Code keeps for a hidden or restored panel.
 */
import type { Message } from '../../src/shared/protocol/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** acquireVsCodeApi may be called only once per page. */
function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

/** Sends a protocol message (built with createMessage) to the extension host. */
export function postToHost(message: Message): void {
  vscodeApi().postMessage(message);
}

/** Calls the listener with every message the host posts. */
export function onHostMessage(listener: (message: unknown) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => listener(event.data));
}

/** What the panel saved last (survives hiding and window reloads). */
export function loadSavedState(): unknown {
  return vscodeApi().getState();
}

/** Saves what the panel needs to redraw itself; VS Code hands it back to the panel serializer. */
export function saveState(state: unknown): void {
  vscodeApi().setState(state);
}
