import type { ZipEntry } from './zipReader';
import { quoted } from './zipReader';

/** The folder the download creates; chosen here, never taken from the archive. */
export const MOVIELENS_100K_FOLDER = 'ml-100k';

/** Files a MovieLens 100K archive must hold for the engine to read it. */
export const MOVIELENS_100K_FILES: readonly string[] = ['u.data', 'u.item', 'u.user', 'u.genre', 'u.occupation'];

/** Files extracted when present: the canonical splits, the counts and the README with the license. */
export const MOVIELENS_100K_OPTIONAL_FILES: readonly string[] = [
  'u.info',
  'README',
  ...[1, 2, 3, 4, 5, 'a', 'b'].flatMap((split) => [`u${split}.base`, `u${split}.test`]),
];

const MEBIBYTE = 1024 * 1024;

/**
 * Largest inflated entry: the real u.data is 1.98 MB and no other file is larger, so 8 MiB leaves
 * four times that and still bounds what one entry can take in memory.
 */
export const MAX_ENTRY_BYTES = 8 * MEBIBYTE;

/** Largest declared total of the extracted files: the real ones add up to about 16.1 MB. */
export const MAX_EXTRACTED_BYTES = 32 * MEBIBYTE;

/** One file to extract: its name in the data folder and its entry in the archive. */
export interface PlannedFile {
  readonly file: string;
  readonly entry: ZipEntry;
}

/**
 * Decides what to extract from a MovieLens 100K archive, before anything is inflated. Accepted
 * layout: plain files, either all at the top of the archive or all in one top folder (any name: it is
 * never used). Extracted: the files the loader reads; any other plain file there (GroupLens ships
 * allbut.pl and mku.sh) is skipped, never inflated. Refused: nested folders, a second top folder,
 * files both at the top and in a folder, missing required files, and entries or a total whose
 * declared sizes pass the caps.
 */
export function planMovieLensExtraction(entries: readonly ZipEntry[]): PlannedFile[] {
  const folders = new Set<string>();
  const files = new Map<string, ZipEntry>();
  for (const entry of entries) {
    const parts = entry.name.split('/');
    // "top/" splits into ['top', ''], "top/u.data" into ['top', 'u.data']: deeper is nested.
    if (parts.length > 2) {
      throw new Error(`The archive has a nested folder (${quoted(entry.name)}); MovieLens 100K has at most one top folder.`);
    }
    if (entry.name.endsWith('/')) folders.add(parts[0]);
    else {
      folders.add(parts.length === 2 ? parts[0] : '');
      files.set(parts[parts.length - 1], entry);
    }
  }
  if (folders.size > 1) {
    const names = [...folders].map((folder) => (folder === '' ? 'the top of the archive' : quoted(`${folder}/`)));
    throw new Error(`The archive spreads its files over ${names.join(' and ')}; MovieLens 100K has one folder.`);
  }
  if (!files.has('u.data')) throw new Error('The archive holds no u.data: it is not MovieLens 100K.');
  const missing = MOVIELENS_100K_FILES.filter((name) => !files.has(name));
  if (missing.length > 0) throw new Error(`The archive lacks ${missing.join(', ')}: it is not MovieLens 100K.`);

  const planned: PlannedFile[] = [];
  let total = 0;
  for (const file of [...MOVIELENS_100K_FILES, ...MOVIELENS_100K_OPTIONAL_FILES]) {
    const entry = files.get(file);
    if (entry === undefined) continue;
    if (entry.size > MAX_ENTRY_BYTES) {
      throw new Error(
        `${file} in the archive declares ${megabytes(entry.size)}; the limit is ${megabytes(MAX_ENTRY_BYTES)} (no MovieLens 100K file is over 2.5 MB).`,
      );
    }
    total += entry.size;
    planned.push({ file, entry });
  }
  if (total > MAX_EXTRACTED_BYTES) {
    throw new Error(
      `The archive's MovieLens files declare ${megabytes(total)} in all; the limit is ${megabytes(MAX_EXTRACTED_BYTES)} (the real ones add up to about 16 MB).`,
    );
  }
  return planned;
}

export function megabytes(bytes: number): string {
  return `${(bytes / MEBIBYTE).toFixed(1)} MiB`;
}
