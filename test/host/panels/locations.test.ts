import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isInside } from '../../../src/host/panels/locations';

// A webview asks the host to open a file by path; the host opens it only inside the run's data
// folder (a page must not be able to open any file on the machine).
describe('host/panels/locations: open-location requests stay inside the data folder', () => {
  let root = '';
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'locations-'));
    fs.mkdirSync(path.join(root, 'ml-100k'));
    fs.writeFileSync(path.join(root, 'ml-100k', 'u.data'), '1\t1\t5\t0\n');
    fs.writeFileSync(path.join(root, 'secret.txt'), 'not data\n');
    fs.symlinkSync(path.join(root, 'secret.txt'), path.join(root, 'ml-100k', 'link-out'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('allows a file of the folder and refuses everything else', () => {
    const folder = path.join(root, 'ml-100k');
    assert.equal(isInside(folder, path.join(folder, 'u.data')), true);
    assert.equal(isInside(folder, path.join(root, 'secret.txt')), false, 'a sibling');
    assert.equal(isInside(folder, path.join(folder, '..', 'secret.txt')), false, 'climbing out with ..');
    assert.equal(isInside(folder, path.join(folder, 'link-out')), false, 'a symbolic link pointing out');
    assert.equal(isInside(folder, folder), false, 'the folder itself is not a file in it');
    assert.equal(isInside(folder, '/etc/passwd'), false);
    assert.equal(isInside(folder, `${folder}-evil/u.data`), false, 'a folder whose name starts the same');
  });
});
