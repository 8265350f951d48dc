import * as assert from 'node:assert/strict';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import { trainingSkeletonHtml } from '../../../src/host/panels/trainingSkeleton';
import { runDescription, runLabel } from '../../../src/shared/labels';
import type { RunRequest } from '../../../src/shared/run';
import type { TrainingPanelState } from '../../../src/shared/trainingPanelState';

// What the Training panel's HTML holds before its script runs (the e2e suite times it in the browser).
describe('host/panels/trainingSkeleton', () => {
  const request: RunRequest = {
    runId: 'r',
    kind: 'compare',
    dataFolder: '/data/<odd> & "name"/ml-100k',
    model: defaultModelConfig('svd'),
    candidate: defaultModelConfig('fm', { features: ['ids', 'user'] }),
    protocol: defaultProtocolConfig(),
  };
  const state: TrainingPanelState = { request, status: 'running', startedAt: '2026-01-01T00:00:00.000Z', curves: [], folds: [] };

  it('shows the model, the protocol, the data folder and "Loading data…" in the header the page\'s own script draws', () => {
    const html = trainingSkeletonHtml(state);
    assert.ok(html.includes(`<h1>${runLabel(request)}</h1>`), html);
    assert.ok(html.includes('bootstrap 2-fold × 5'), html);
    assert.ok(html.includes('Loading data…'), html);
    assert.match(html, /class="panel-header skeleton"/);
    assert.match(html, /class="badge status status-running">Running</);
  });

  it('escapes what comes from paths and labels, so a folder name cannot add markup', () => {
    const html = trainingSkeletonHtml(state);
    assert.equal(html.includes('<odd>'), false);
    assert.ok(html.includes('/data/&#60;odd&#62; &#38; &#34;name&#34;/ml-100k'), html);
    assert.equal(runDescription(request).includes('<odd>'), true, 'the raw description does hold it');
  });
});
