import assert from 'node:assert/strict';
import { createMessage, isMessage } from '../../../src/shared/protocol/messages';
import { ExportExperimentsCommand, OpenRunCommand } from '../../../src/shared/protocol/experimentsPanelProtocol';
import { OpenFilmCommand, PickLikedFilmCommand, WhatIfCommand } from '../../../src/shared/protocol/spotCheckPanelProtocol';
import { CancelRunCommand } from '../../../src/shared/protocol/trainingPanelProtocol';
import { OpenLocationCommand, WebviewReadyCommand } from '../../../src/shared/protocol/webviewProtocol';

// Messages from a webview page are checked field by field before a host handler sees them.
describe('shared/protocol: webview → host messages are validated', () => {
  const cases: ReadonlyArray<readonly [string, Parameters<typeof isMessage>[0], readonly unknown[], readonly unknown[]]> = [
    ['webview/ready', WebviewReadyCommand, [{}], [null, undefined, [], { extra: 1 }, 'ready']],
    [
      'webview/openLocation',
      OpenLocationCommand,
      [{ file: '/data/ml-100k/u.data' }, { file: '/data/ml-100k/u.data', line: 17 }],
      [
        null,
        {},
        { file: '' },
        { file: 42 },
        { file: '/x', line: 0 },
        { file: '/x', line: 1.5 },
        { file: '/x', line: '3' },
        { file: '/x', command: 'rm' },
        { file: 'x'.repeat(5000) },
      ],
    ],
    ['trainingPanel/cancel', CancelRunCommand, [{ runId: 'run-1' }], [null, {}, { runId: 7 }, { runId: '' }, { runId: 'a', more: true }]],
    [
      'spotCheckPanel/openFilm',
      OpenFilmCommand,
      [{ itemId: 0 }, { itemId: 1682 }],
      [null, {}, { itemId: '1|.*' }, { itemId: -1 }, { itemId: 2.5 }, { itemId: Number.NaN }, { itemId: 1, x: 1 }],
    ],
    [
      'spotCheckPanel/whatIf',
      WhatIfCommand,
      [
        { user: {} },
        { user: { age: 25, gender: 'F', occupation: 'student', zip: '9', liked: [50, 181] } },
        { user: { gender: 'M', liked: [] } },
      ],
      [
        null,
        {},
        { user: null },
        { user: { age: -1 } },
        { user: { age: 25.5 } },
        { user: { age: '25' } },
        { user: { gender: 'X' } },
        { user: { occupation: '' } },
        { user: { occupation: 'x'.repeat(101) } },
        { user: { zip: 9 } },
        { user: { liked: [0] } },
        { user: { liked: '50' } },
        { user: { liked: Array.from({ length: 51 }, (_, index) => index + 1) } },
        { user: { userId: 3 } },
        { user: {}, run: 'x' },
      ],
    ],
    ['spotCheckPanel/pickLikedFilm', PickLikedFilmCommand, [{}], [null, [], { itemId: 1 }]],
    [
      'experimentsPanel/export',
      ExportExperimentsCommand,
      [{}, { sort: { column: 'rmse', descending: false } }],
      [
        null,
        { format: 'csv' },
        { sort: null },
        { sort: { column: 'rmse' } },
        { sort: { column: '', descending: true } },
        { sort: { column: 'rmse', descending: 'yes' } },
        { sort: { column: 'x'.repeat(101), descending: true } },
        { sort: { column: 'rmse', descending: true, then: 'mae' } },
      ],
    ],
    [
      'experimentsPanel/openRun',
      OpenRunCommand,
      [{ runId: '2026-01-01T10-00-00-000Z-1a2b3c4d' }],
      [null, {}, { runId: '' }, { runId: '../other' }, { runId: 7 }, { runId: 'a', more: 1 }, { runId: 'x'.repeat(201) }],
    ],
  ];

  for (const [method, type, valid, invalid] of cases) {
    it(`${method}: accepts well-formed params and refuses ${invalid.length} malformed ones`, () => {
      for (const params of valid) {
        assert.equal(isMessage(type, { method, params }), true, `should accept ${JSON.stringify(params)}`);
      }
      for (const params of invalid) {
        assert.equal(isMessage(type, { method, params }), false, `should refuse ${JSON.stringify(params)}`);
      }
      assert.equal(isMessage(type, { method, params: valid[0], extra: 1 }), true, 'the envelope may carry more');
      assert.equal(isMessage(type, { method: `${method}x`, params: valid[0] }), false, 'another method');
      assert.equal(isMessage(type, { method }), false, 'no params at all');
    });
  }

  it('builds messages that pass their own validation', () => {
    assert.equal(isMessage(OpenFilmCommand, createMessage(OpenFilmCommand, { itemId: 3 })), true);
    assert.equal(isMessage(CancelRunCommand, createMessage(CancelRunCommand, { runId: 'r' })), true);
  });
});
