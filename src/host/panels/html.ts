/** Text as HTML text or attribute value (panel templates and skeletons; no `vscode`, so plain tests can use it). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
