/** Tiny DOM builders: no innerHTML anywhere, so film titles and paths can never inject markup. */

export interface ElementOptions {
  readonly className?: string;
  readonly text?: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

export function element<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  options: ElementOptions = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[Tag] {
  const node = document.createElement(tag);
  applyOptions(node, options);
  node.append(...children);
  return node;
}

/** For custom elements (the toolkit's), which have no entry in HTMLElementTagNameMap. */
export function customElement(tag: string, options: ElementOptions = {}, children: readonly (Node | string)[] = []): HTMLElement {
  const node = document.createElement(tag);
  applyOptions(node, options);
  node.append(...children);
  return node;
}

function applyOptions(node: HTMLElement, options: ElementOptions): void {
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attributes ?? {})) node.setAttribute(name, value);
}

/** Replaces all children of a node. */
export function replaceChildren(node: Element, children: readonly (Node | string)[]): void {
  node.replaceChildren(...children);
}
