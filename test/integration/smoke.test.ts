import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// The harness's own check that the extension under test loads in the real host: if this fails,
// every other integration failure is about the harness, not the feature.
describe('smoke: the extension in a real extension host', () => {
  const extensionId = 'recommender-lab.recommender-lab';

  it('is present and activates', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is loaded (extensionDevelopmentPath)`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers recommenderLab.trainFm', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('recommenderLab.trainFm'), 'recommenderLab.trainFm is a registered command');
  });

  it('runs with the repo and the workspace copy of MovieLens in its environment', () => {
    console.log('workspace copy of MovieLens: %s', process.env.RLAB_WORKSPACE_ML100K);
    for (const name of ['RLAB_REPO_ROOT', 'RLAB_WORKSPACE_ML100K']) {
      assert.ok(process.env[name], `${name} is set by the launcher`);
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders[0]?.uri.fsPath, process.env.RLAB_WORKSPACE, 'the launcher workspace is open');
  });
});
