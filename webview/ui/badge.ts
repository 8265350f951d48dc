import { element } from '../shared/dom';

/**
 * A small rounded label. Our own element, not the toolkit's <vscode-badge>: that one binds a
 * `style` attribute in its template, which the panels' CSP (no inline styles) blocks and reports.
 */
export function badge(text: string, options: { readonly className?: string; readonly title?: string } = {}): HTMLElement {
  return element('span', {
    text,
    className: ['badge', options.className].filter(Boolean).join(' '),
    attributes: options.title ? { title: options.title } : {},
  });
}
