import { vsCodeButton } from '@vscode/webview-ui-toolkit';
import { customElement } from '../shared/dom';
import { ensureRegistered } from './designSystem';

export interface ButtonOptions {
  readonly appearance?: 'primary' | 'secondary';
  readonly title?: string;
  readonly id?: string;
}

/** A themed button (toolkit: <vscode-button>). */
export function button(label: string, onClick: () => void, options: ButtonOptions = {}): HTMLElement {
  ensureRegistered('button', () => vsCodeButton());
  const attributes: Record<string, string> = { appearance: options.appearance ?? 'primary' };
  if (options.title) attributes.title = options.title;
  if (options.id) attributes.id = options.id;
  const node = customElement('vscode-button', { text: label, attributes });
  node.addEventListener('click', onClick);
  return node;
}
