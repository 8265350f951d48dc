/**
 * What the Training panel shows before its script has run: the run's header (model, protocol,
 * data folder) and "Loading data…", written by the host into the page's HTML. In code-server a
 * page's script arrives seconds after the tab opens on a busy machine; this shows at once.
 * The classes are the ones the page's own header uses (webview/training/header.ts), so the script
 * replaces it without a jump.
 */
import { runDescription, runLabel } from '../../shared/labels';
import type { TrainingPanelState } from '../../shared/trainingPanelState';
import { escapeHtml } from './html';

const STATUS_TEXT = { running: 'Running', completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled' } as const;

export function trainingSkeletonHtml(state: TrainingPanelState): string {
  const description = escapeHtml(runDescription(state.request));
  const progress = state.status === 'running' ? 'Loading data…' : 'Loading results…';
  return `<header class="panel-header skeleton">
<div class="title-row"><h1>${escapeHtml(runLabel(state.request))}</h1><span class="badge status status-${state.status}">${STATUS_TEXT[state.status]}</span></div>
<div class="meta" title="${description}">${description}</div>
<div class="progress-row"><div class="progress-line" role="status">${progress}</div></div>
</header>`;
}
