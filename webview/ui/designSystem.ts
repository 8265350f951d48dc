/**
 * The only place that talks to @vscode/webview-ui-toolkit's registry. The toolkit is frozen
 * upstream: every component we use goes through webview/ui/*, so replacing it touches this folder.
 */
import { provideVSCodeDesignSystem } from '@vscode/webview-ui-toolkit';

type Registry = Parameters<ReturnType<typeof provideVSCodeDesignSystem>['register']>[0];

const registered = new Set<string>();

/** Registers one toolkit component the first time a wrapper needs it (only what is used). */
export function ensureRegistered(name: string, registry: () => Registry): void {
  if (registered.has(name)) return;
  registered.add(name);
  provideVSCodeDesignSystem().register(registry());
}
