/**
 * Data text (film titles, folder names, messages that quote them) inside Markdown the extension
 * renders (hovers, tooltips): it must read as the text itself, never as markup. No `vscode` import.
 */

/**
 * Escapes every ASCII punctuation character with a backslash (CommonMark allows it for all of
 * them), so no emphasis, link, HTML or heading forms; a bare `https://…` or `www.…` or `a@b.c` is
 * no longer an autolink (its `:`, `.` and `@` are escaped); and `$(…)` reads as text even where
 * theme icons are on. Line breaks become spaces: one value stays on one line.
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, (character) => `\\${character}`).replace(/\r\n|\r|\n/g, ' ');
}
