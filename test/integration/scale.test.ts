import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RecommenderLabApi } from '../../src/host/extension';
import type { RunRecord } from '../../src/host/runs/runRecord';
import type { UserNode } from '../../src/host/views/usersView';
import { MESSAGE_SPACING_MS, USERS_PAGE } from '../../src/host/views/usersView';
import type { SpotCheckState } from '../../src/shared/spotCheckPanelState';
import { activateExtension, EXTENSION_ID, hoverText, waitFor } from './helpers';

/**
 * The extension on large data: a synthetic ml-25m-format folder this test writes in the run's
 * temporary folder, 2 000 000 ratings in `npm test` (paging, filters, progress, hovers and spot
 * checks work; timings printed, not judged on a shared machine). The 25M measurement is a run of
 * its own, `RLAB_SCALE_RATINGS=25000000`: then the assertions also hold the targets, the Users
 * view's first page in ≤ 2 s from switching to the folder (the worker's parse included), a hover
 * and a spot check in ≤ 200 ms once the data is read.
 */
const RATINGS = Number(process.env.RLAB_SCALE_RATINGS ?? 2_000_000);
const JUDGE_TIMINGS = RATINGS >= 25_000_000;
const OPEN_TARGET_MS = 2000;
const ANSWER_TARGET_MS = 200;

type UserEntry = Extract<UserNode, { kind: 'user' }>;

function userNodes(nodes: readonly UserNode[]): UserEntry[] {
  return nodes.filter((node): node is UserEntry => node.kind === 'user');
}

/** The median of a few timings (ms) of `action`, after it ran once. */
async function medianMs(times: number, action: () => Promise<unknown>): Promise<number> {
  const timings: number[] = [];
  for (let index = 0; index < times; index++) {
    const started = performance.now();
    await action();
    timings.push(performance.now() - started);
  }
  timings.sort((first, second) => first - second);
  return timings[timings.length >> 1];
}

describe(`At MovieLens 25M scale: ${RATINGS.toLocaleString('en-US')} synthetic ratings`, function () {
  this.timeout(900_000);
  let api: RecommenderLabApi;
  let folder: string;
  let previousFolder: string | undefined;
  let record: RunRecord | undefined;

  before(async () => {
    api = await activateExtension();
    previousFolder = api.dataFolders.current;
    folder = path.join(mkdtempSync(path.join(tmpdir(), 'recommender-lab-scale-')), 'ml-synthetic-25m');
    // Written by the project's generator in a process of its own: the extension host stays responsive.
    const synth = path.join(vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '', 'dist', 'synth.js');
    const { stdout } = await promisify(execFile)(process.execPath, [synth, '--ratings', String(RATINGS), '--out', folder, '--seed', '1'], {
      // Under Electron (test-electron), its binary runs as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    console.log(`      ${stdout.trim()}`);
  });

  after(async () => {
    if (record !== undefined) await api.library.delete(record.request.runId);
    if (previousFolder !== undefined) await api.dataFolders.set(previousFolder);
    api.users.setFilter('');
    api.users.setOrder('id');
    rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  it("opens the Users view on the folder: the parse's progress in percent, the first users while it reads, then the page", async () => {
    await vscode.commands.executeCommand('recommenderLab.users.focus');
    const messages: (string | undefined)[] = [];
    const messageTimes: number[] = [];
    const subscription = api.users.onDidChangeMessage((text) => {
      messages.push(text);
      messageTimes.push(performance.now());
    });
    const started = performance.now();
    let shownMs = Number.NaN;
    let pageMs = Number.NaN;
    let preview: Promise<UserNode[]> | undefined;
    // The view (visible now) asks for its page when the folder changes: the first users while
    // ratings.csv is read (it is sorted by user), then the page, as the tree receives them.
    const paged = new Promise<void>((resolve) => {
      const done = api.users.onDidProvideUsers((provided) => {
        // The view may still be answering for the folder it showed before.
        if (provided.folder !== folder || provided.users === 0) return;
        if (Number.isNaN(shownMs)) {
          shownMs = performance.now() - started;
          // What the view shows now (asked in the same tick: the reply cannot have come in between).
          if (provided.preview) preview = api.users.getChildren();
        }
        if (provided.preview) return;
        pageMs = performance.now() - started;
        done.dispose();
        resolve();
      });
    });
    await api.dataFolders.set(folder);
    await paged;
    subscription.dispose();
    console.log(
      `      Users view: first users ${shownMs.toFixed(0)} ms after switching to the folder (${preview === undefined ? 'with the page' : 'previewed while the file is read'}), the page ${pageMs.toFixed(0)} ms (the worker's parse included)`,
    );
    const reading = messages.flatMap((text, index) => (text?.startsWith('Reading ratings.csv… ') === true ? [index] : []));
    const progress = reading.map((index) => messages[index] ?? '');
    const percents = progress.map((text) => Number(/(\d+) %/.exec(text)?.[1]));
    // A parse of a second or more shows its steps (2M ratings on an idle machine take 0.2 s: none need show).
    if (pageMs >= 4 * MESSAGE_SPACING_MS || JUDGE_TIMINGS)
      assert.ok(percents.length >= 2, `the message showed the parse going: ${progress.join(' | ')}`);
    assert.ok(
      // Rising; the preview's arrival may repeat a percent with its " · first N users shown".
      percents.every((percent, index) => index === 0 || percent >= percents[index - 1]),
      percents.join(', '),
    );
    assert.ok(percents.length === 0 || percents[0] < 50, percents.join(', '));
    // VS Code shows a view's message only after 200 ms without a change: the view spaces them.
    const gaps = reading.slice(1).map((index) => messageTimes[index] - messageTimes[index - 1]);
    assert.ok(
      gaps.every((gap) => gap >= MESSAGE_SPACING_MS - 10),
      `messages ${gaps.map((gap) => gap.toFixed(0)).join(', ')} ms apart`,
    );

    const nodes = await api.users.getChildren();
    const users = userNodes(nodes);
    assert.equal(users.length, USERS_PAGE);
    const more = nodes[nodes.length - 1];
    assert.ok(more.kind === 'more' && more.matching > 2 * USERS_PAGE, 'a "Show more" row with how many users there are');
    assert.equal(api.users.message, `${more.matching.toLocaleString('en-US')} users · ${USERS_PAGE.toLocaleString('en-US')} shown`);
    if (preview !== undefined) {
      const shown = await preview;
      assert.deepEqual(
        userNodes(shown).map((node) => node.user),
        users.map((node) => node.user),
        'the users previewed (ratings.csv is sorted by user) are the first page',
      );
      assert.match(JSON.stringify(shown[shown.length - 1]), /once ratings\.csv is read/);
    }
    if (JUDGE_TIMINGS) {
      assert.ok(preview !== undefined, 'at 25M ratings the first users show while the file is read');
      const previewed = ` · first ${USERS_PAGE.toLocaleString('en-US')} users shown`;
      assert.ok(
        progress.some((text) => text.endsWith(previewed)),
        progress.join(' | '),
      );
      assert.ok(shownMs <= OPEN_TARGET_MS, `Users view showed its first page in ${shownMs.toFixed(0)} ms (target ${OPEN_TARGET_MS} ms)`);
    }
  });

  it('pages, orders by activity and searches the users in the worker, each in well under a second', async () => {
    await vscode.commands.executeCommand('recommenderLab.sortUsers', 'activity');
    let started = performance.now();
    const top = userNodes(await api.users.getChildren()).map((node) => node.user);
    console.log(`      top ${top.length} users by activity in ${(performance.now() - started).toFixed(0)} ms`);
    assert.ok(top.every((user, index) => index === 0 || user.ratingCount <= top[index - 1].ratingCount));
    assert.ok(top[0].ratingCount > top[top.length - 1].ratingCount, 'the most active first');
    assert.equal(api.usersView.description, 'most active first');

    await vscode.commands.executeCommand('recommenderLab.showMoreUsers');
    const twoPages = userNodes(await api.users.getChildren()).map((node) => node.user);
    assert.deepEqual(twoPages.slice(0, top.length), top);
    assert.equal(twoPages.length, 2 * USERS_PAGE);

    const threshold = top[Math.min(top.length - 1, 199)].ratingCount;
    await vscode.commands.executeCommand('recommenderLab.filterUsers', `ratings:>=${threshold}`);
    started = performance.now();
    const nodes = await api.users.getChildren();
    console.log(`      filter ratings:>=${threshold} in ${(performance.now() - started).toFixed(0)} ms`);
    const filtered = userNodes(nodes).map((node) => node.user);
    assert.ok(filtered.length >= 200 && filtered.every((user) => user.ratingCount >= threshold));
    assert.deepEqual(filtered.slice(0, 200), top.slice(0, 200));
    assert.equal(api.usersView.description, `filter: ratings:>=${threshold} · most active first`);

    const id = top[7].id;
    await vscode.commands.executeCommand('recommenderLab.filterUsers', `id:${id}`);
    assert.deepEqual(
      userNodes(await api.users.getChildren()).map((node) => node.user),
      [top[7]],
    );
    await vscode.commands.executeCommand('recommenderLab.filterUsers', '');
    await vscode.commands.executeCommand('recommenderLab.sortUsers', 'id');
  });

  it('hovers a film and spot-checks a user in ≤ 200 ms once the data is read', async () => {
    const trainStarted = performance.now();
    record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      dataFolder: folder,
      model: 'svd',
      method: 'als',
      iterations: 2,
      protocol: 'holdout',
      showPanel: false,
    });
    assert.equal(record?.status, 'completed', record?.error?.message);
    console.log(`      SVD-ALS, 2 sweeps on the holdout fold: ${((performance.now() - trainStarted) / 1000).toFixed(1)} s`);
    const [{ user: active }] = userNodes(await api.users.getChildren());
    const request = record.request;

    // A film of movies.csv (2.7 MB; VS Code hands documents over 50 MB, ratings.csv among them, to no extension).
    const movies = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'movies.csv')));
    api.users.selected = { folder, userId: active.id };
    const hover = async (): Promise<string> =>
      hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', movies.uri, new vscode.Position(1, 0)));
    let started = performance.now();
    const first = await hover();
    const firstHoverMs = performance.now() - started;
    assert.match(first, new RegExp(`Predicted rating for user ${active.id}: \\*\\*\\d\\.\\d\\d\\*\\*`));
    const hoverMs = await medianMs(5, hover);
    console.log(
      `      hover in movies.csv: first ${firstHoverMs.toFixed(0)} ms (the run's model and catalogue read), then ${hoverMs.toFixed(0)} ms (median of 5)`,
    );

    // What a hover on a line of ratings.csv asks the worker besides: the part of the fold the rating is in.
    const head = Buffer.alloc(4096);
    const descriptor = openSync(path.join(folder, 'ratings.csv'), 'r');
    readSync(descriptor, head, 0, head.length, 0);
    closeSync(descriptor);
    const [userId, itemId] = head.toString('latin1').split('\n')[1].split(',').map(Number);
    started = performance.now();
    const part = await api.queryClient.ratingPart(request, 'holdout', userId, itemId);
    const firstPartMs = performance.now() - started;
    assert.ok(part.part === 'train' || part.part === 'test');
    const partMs = await medianMs(5, () => api.queryClient.ratingPart(request, 'holdout', userId, itemId));
    console.log(
      `      a rating's part of the fold: first ${firstPartMs.toFixed(0)} ms (the fold's test mask made), then ${partMs.toFixed(1)} ms`,
    );
    let ratingsRefused = 'opened';
    try {
      await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'ratings.csv')));
    } catch (error) {
      ratingsRefused = error instanceof Error ? error.message : String(error);
    }
    console.log(`      ratings.csv (${RATINGS} lines) as a document for extensions: ${ratingsRefused}`);

    const spotCheck = async (): Promise<SpotCheckState | undefined> =>
      vscode.commands.executeCommand<SpotCheckState | undefined>('recommenderLab.openSpotCheck', {
        userId: active.id,
        dataFolder: folder,
        runId: request.runId,
      });
    started = performance.now();
    const state = await spotCheck();
    const firstSpotMs = performance.now() - started;
    assert.equal(state?.user.id, active.id);
    assert.equal(state.user.ratingCount, active.ratingCount);
    assert.equal(state.fullHistory?.length, Math.min(1000, active.ratingCount));
    assert.ok(state.history.length === 10 && state.topUnseen.length === 10);
    const spotMs = await medianMs(5, spotCheck);
    console.log(
      `      spot check of user ${active.id} (${active.ratingCount} ratings): first ${firstSpotMs.toFixed(0)} ms, then ${spotMs.toFixed(0)} ms (median of 5)`,
    );
    await waitFor(
      () => {
        const current = api.spotCheckPanel.current;
        return current !== undefined && current.kind !== 'whatIf' && current.user.id === active.id;
      },
      10_000,
      'the spot check panel',
    );

    if (JUDGE_TIMINGS) assert.ok(hoverMs <= ANSWER_TARGET_MS, `hover ${hoverMs.toFixed(0)} ms (target ${ANSWER_TARGET_MS} ms)`);
    if (JUDGE_TIMINGS) assert.ok(partMs <= ANSWER_TARGET_MS, `rating part ${partMs.toFixed(0)} ms (target ${ANSWER_TARGET_MS} ms)`);
    if (JUDGE_TIMINGS) assert.ok(spotMs <= ANSWER_TARGET_MS, `spot check ${spotMs.toFixed(0)} ms (target ${ANSWER_TARGET_MS} ms)`);
  });

  it('a malformed line read after the first users showed: the view replaces them with the file and line', async () => {
    const bad = path.join(path.dirname(folder), 'ml-synthetic-bad');
    mkdirSync(bad);
    copyFileSync(path.join(folder, 'movies.csv'), path.join(bad, 'movies.csv'));
    const good = readFileSync(path.join(folder, 'ratings.csv'));
    let lines = 0;
    for (let position = good.indexOf(10); position >= 0; position = good.indexOf(10, position + 1)) lines++;
    // The last line is bad: the parse fails only once the first users were previewed.
    writeFileSync(path.join(bad, 'ratings.csv'), Buffer.concat([good, Buffer.from('1,1,five,1\n')]));
    const previewed = new Promise<number>((resolve) => {
      const done = api.users.onDidProvideUsers((provided) => {
        if (provided.folder !== bad || !provided.preview) return;
        done.dispose();
        resolve(provided.users);
      });
    });
    await api.dataFolders.set(bad);
    assert.equal(await previewed, USERS_PAGE);
    let label = '';
    let looking = false;
    await waitFor(
      () => {
        if (!looking) {
          looking = true;
          void api.users.getChildren().then(([first]) => {
            label = first?.kind === 'message' ? String(api.users.getTreeItem(first).label) : '';
            looking = false;
          });
        }
        return label.startsWith('Cannot read');
      },
      60_000,
      'the view to show why it cannot read the folder',
    );
    assert.match(label, new RegExp(`ratings\\.csv:${lines + 1}\\b.*five`));
  });
});
