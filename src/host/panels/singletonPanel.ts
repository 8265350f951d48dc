import * as vscode from 'vscode';
import { isMessage } from '../../shared/protocol/messages';
import { OpenLocationCommand, WebviewReadyCommand } from '../../shared/protocol/webviewProtocol';
import type { Message } from '../../shared/protocol/messages';
import { DisposableStore } from '../lifecycle';
import { isInside } from './locations';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';
import type { WebviewScriptName } from './webviewHtml';

/** What distinguishes one kind of panel from another. */
export interface PanelDefinition<State> {
  readonly viewType: string;
  readonly script: WebviewScriptName;
  readonly title: (state: State) => string;
  /** Structural check of the state a restored panel hands back. */
  readonly isState: (value: unknown) => value is State;
  /** The message that carries the whole state to the webview. */
  readonly stateMessage: (state: State) => Message;
  /** Adjusts a state restored after a reload (e.g. a run that can no longer be running). */
  readonly restore?: (state: State) => State;
  /** The data folder of the state shown: open-location requests are honoured only inside it. */
  readonly dataFolder?: (state: State) => string | undefined;
  /** Messages other than ready and open-location. */
  readonly onMessage?: (message: unknown) => void;
  /** HTML the page shows before its script has drawn the state (see renderWebviewHtml). */
  readonly skeleton?: (state: State) => string;
  /**
   * What a page that has drawn `sent` needs of `next` (it merges it into what it drew). Without
   * it every state goes whole. A page made again (shown after being hidden, restored) gets it whole.
   */
  readonly delta?: (sent: State, next: State) => State;
}

/**
 * At most one panel of a kind, reused for every show (like MutableDisposable for "the current
 * panel"). The host keeps the latest state and re-sends it whenever the webview says it is ready,
 * so a panel hidden (context not retained) or restored after a window reload redraws itself.
 */
export class SingletonPanel<State> implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** Listeners of the current panel, dropped with it. */
  private readonly panelListeners = new DisposableStore();
  /**
   * Whether the page said it is ready and has not been torn down since (hidden panels lose their
   * page). Messages are only posted to a ready page: the state goes whole when it says ready, and a
   * flood of live messages queued for a page still loading held its content back until the run
   * ended (seen in code-server).
   */
  private ready = false;
  /** `performance.now()` when the page last started loading (created, or shown again). */
  private loadingSince = 0;
  private state: State | undefined;
  /** The state last posted to the current page, while it is ready (what `delta` starts from). */
  private sent: State | undefined;
  /** Callers of pageLoaded waiting for the page to say ready (or go). */
  private readonly loadWaiters = new Set<() => void>();
  private readonly disposables = new DisposableStore();
  private readonly restoredEmitter = this.disposables.add(new vscode.EventEmitter<State>());
  /** Fires after VS Code restored the panel from a previous window with this state. */
  readonly onDidRestore = this.restoredEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly definition: PanelDefinition<State>,
  ) {
    this.disposables.add(
      vscode.window.registerWebviewPanelSerializer(definition.viewType, {
        deserializeWebviewPanel: async (panel, persisted: unknown) => this.restore(panel, persisted),
      }),
    );
  }

  /** The state the panel shows (or last showed), if any. */
  get current(): State | undefined {
    return this.state;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /**
   * Milliseconds the visible panel's page has been loading without saying ready, or undefined when
   * it is ready, hidden or closed.
   */
  get loadingMs(): number | undefined {
    if (this.panel === undefined || this.ready || !this.panel.visible) return undefined;
    return performance.now() - this.loadingSince;
  }

  /**
   * Resolves once the visible page has said ready (at once if it has, or is hidden or closed), or
   * after `capMs`: what the extension host starts next waits for it, so as not to take the cores
   * while the page is painted.
   */
  pageLoaded(capMs: number): Promise<void> {
    if (this.loadingMs === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.loadWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, capMs);
      this.loadWaiters.add(done);
    });
  }

  /** Opens (or reveals) the panel with this state. */
  show(state: State, preserveFocus = false): void {
    this.state = state;
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
    } else {
      const panel = vscode.window.createWebviewPanel(
        this.definition.viewType,
        this.definition.title(state),
        { viewColumn: vscode.ViewColumn.Active, preserveFocus },
        webviewOptions(this.extensionUri),
      );
      this.adopt(panel);
    }
    this.pushState();
  }

  /** Replaces the state; redraws if the panel is open (unless `redraw` is false). */
  update(state: State, redraw = true): void {
    this.state = state;
    if (redraw) this.pushState();
  }

  /** Sends a message to the page if it is loaded (else dropped: it gets the state when ready). */
  post(message: Message): void {
    if (this.ready) void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.releaseLoadWaiters();
    this.disposePanel();
    this.panelListeners.dispose();
    this.disposables.dispose();
  }

  private restore(panel: vscode.WebviewPanel, persisted: unknown): void {
    if (!this.definition.isState(persisted)) {
      // Nothing to redraw from: an empty panel would only confuse.
      panel.dispose();
      return;
    }
    const state = this.definition.restore ? this.definition.restore(persisted) : persisted;
    this.disposePanel();
    this.state = state;
    panel.webview.options = webviewOptions(this.extensionUri);
    this.adopt(panel);
    this.restoredEmitter.fire(state);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    this.loadingSince = performance.now();
    const state = this.state;
    panel.webview.html = renderWebviewHtml(
      panel.webview,
      this.extensionUri,
      this.definition.script,
      state ? this.definition.title(state) : panel.title,
      state && this.definition.skeleton ? this.definition.skeleton(state) : '',
    );
    this.panelListeners.add(
      panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.panelListeners.clear();
          this.releaseLoadWaiters();
        }
      }),
    );
    this.panelListeners.add(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    this.panelListeners.add(
      panel.onDidChangeViewState(() => {
        // A hidden panel's page is destroyed (no retained context); it reloads and says ready.
        if (!panel.visible) {
          this.ready = false;
          this.releaseLoadWaiters(); // a hidden page does not load
        } else if (!this.ready) this.loadingSince = performance.now();
      }),
    );
  }

  private receive(message: unknown): void {
    if (isMessage(WebviewReadyCommand, message)) {
      this.ready = true;
      // Every page, new or made again, says ready once, before anything is posted to it: it has
      // drawn nothing the host sent (so this one reset covers creation, hiding and restoring).
      this.sent = undefined;
      this.releaseLoadWaiters();
      this.pushState();
    } else if (isMessage(OpenLocationCommand, message)) {
      const folder = this.state === undefined ? undefined : this.definition.dataFolder?.(this.state);
      void openLocation(message.params.file, message.params.line, folder);
    } else {
      this.definition.onMessage?.(message);
    }
  }

  private releaseLoadWaiters(): void {
    for (const done of [...this.loadWaiters]) done();
  }

  private pushState(): void {
    if (!this.panel || this.state === undefined) return;
    this.panel.title = this.definition.title(this.state);
    if (!this.ready) return;
    const { delta, stateMessage } = this.definition;
    const state = this.state;
    this.post(stateMessage(this.sent !== undefined && delta !== undefined ? delta(this.sent, state) : state));
    this.sent = state;
  }

  private disposePanel(): void {
    const panel = this.panel;
    this.panel = undefined;
    this.panelListeners.clear();
    panel?.dispose();
  }
}

/**
 * Opens a data file at a 1-based line (the error banner's action), only if it lies inside the
 * shown run's data folder: the page's message names the file, and a page must not be able to open
 * any file on the machine.
 */
async function openLocation(file: string, line: number | undefined, dataFolder: string | undefined): Promise<void> {
  if (dataFolder === undefined || !isInside(dataFolder, file)) {
    void vscode.window.showErrorMessage(`Recommender Lab opens only files of the run's data folder, not ${file}.`);
    return;
  }
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
    await vscode.window.showTextDocument(document, {
      selection: new vscode.Range(position, position),
      preview: false,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Cannot open ${file}: ${reason}`);
  }
}
