import { vsCodeProgressRing } from '@vscode/webview-ui-toolkit';
import { customElement } from '../shared/dom';
import { ensureRegistered } from './designSystem';

/** An indeterminate spinner (toolkit: <vscode-progress-ring>). */
export function progressRing(label: string): HTMLElement {
  ensureRegistered('progressRing', () => vsCodeProgressRing());
  return customElement('vscode-progress-ring', { attributes: { 'aria-label': label } });
}
