import * as assert from 'node:assert/strict';
import type { CatalogUser } from '../../src/shared/catalog';
import { matchesFilter, matchesUser, parseUserFilter } from '../../src/shared/userQuery';

describe('Users view filter words (shared by the host and the worker)', () => {
  const writer: CatalogUser = { id: 13, age: 47, gender: 'M', occupation: 'educator', ratingCount: 636 };
  const student: CatalogUser = { id: 200, age: 19, gender: 'F', occupation: 'student', ratingCount: 20 };
  const csvUser: CatalogUser = { id: 162_000, ratingCount: 5 };

  it('reads id, age and ratings ranges, M/F and occupation words', () => {
    assert.deepEqual(parseUserFilter('  25  '), { conditions: [{ kind: 'idOrAge', value: 25 }] });
    assert.deepEqual(parseUserFilter('Age:18-24 RATINGS:>=100 f occupation:writer'), {
      conditions: [
        { kind: 'age', range: { min: 18, max: 24 } },
        { kind: 'ratings', range: { min: 100, max: Number.MAX_SAFE_INTEGER } },
        { kind: 'gender', gender: 'f' },
        { kind: 'occupation', text: 'writer' },
      ],
    });
    assert.deepEqual(parseUserFilter('ratings:<20 id:7'), {
      conditions: [
        { kind: 'ratings', range: { min: 0, max: 19 } },
        { kind: 'id', range: { min: 7, max: 7 } },
      ],
    });
    assert.deepEqual(parseUserFilter(''), { conditions: [] });
  });

  it('says what is wrong with a word it cannot read', () => {
    for (const text of ['ratings:lots', 'age:30-20', 'id:', 'ratings:<0', 'occupation:']) {
      const parsed = parseUserFilter(text);
      assert.ok('problem' in parsed, text);
      assert.match(parsed.problem, new RegExp(`^'${text.replace(/[<>]/g, '.')}'`));
    }
  });

  it('matches every word: numbers against id or age, ranges, gender, occupation', () => {
    const match = (user: CatalogUser, text: string): boolean => {
      const parsed = parseUserFilter(text);
      assert.ok(!('problem' in parsed));
      return matchesUser(user, parsed.conditions);
    };
    assert.ok(match(writer, '13') && match(writer, '47') && match(writer, 'm educ'));
    assert.ok(match(writer, 'ratings:>=636') && !match(writer, 'ratings:>636'));
    assert.ok(match(writer, 'age:40-50 ratings:600-700') && !match(writer, 'age:18-24'));
    assert.ok(match(student, 'ratings:<21 f stud') && !match(student, 'ratings:<20'));
    assert.ok(match(student, 'id:100-300') && !match(writer, 'id:100-300'));
    // A CSV release's users have no age, gender or occupation: those words never match them.
    assert.ok(match(csvUser, 'ratings:<=5') && !match(csvUser, 'age:0-200') && !match(csvUser, 'm'));
  });

  it('matchesFilter: the text form; a filter it cannot read matches everyone', () => {
    assert.ok(matchesFilter(writer, '  '));
    assert.ok(!matchesFilter(writer, 'F'));
    assert.ok(!matchesFilter(writer, 'm programmer'));
    assert.ok(matchesFilter(writer, 'ratings:lots'));
  });
});
