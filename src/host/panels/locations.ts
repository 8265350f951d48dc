import { realpathSync } from 'node:fs';
import * as path from 'node:path';

/** Whether `file` is inside `folder` (after resolving `..` and symbolic links where they exist). */
export function isInside(folder: string, file: string): boolean {
  const real = (target: string): string => {
    try {
      return realpathSync(target);
    } catch {
      return path.resolve(target);
    }
  };
  const relative = path.relative(real(folder), real(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
