/**
 * Which MovieLens file a document is and where the film id sits on a line: enough for a hover,
 * without the engine (a hover reads one line, never the file).
 */
export type DataFileKind = 'ratings' | 'films';

interface FileLayout {
  readonly kind: DataFileKind;
  readonly separator: string;
  /** Field index of the user id (ratings files) and of the film id. */
  readonly userField?: number;
  readonly itemField: number;
  readonly ratingField?: number;
  /** CSV releases start with a header line. */
  readonly header: boolean;
}

const RATINGS_100K: FileLayout = { kind: 'ratings', separator: '\t', userField: 0, itemField: 1, ratingField: 2, header: false };

/** The layout of a MovieLens file by its name; undefined for other files. */
export function layoutOf(fileName: string): FileLayout | undefined {
  const name = fileName.toLowerCase();
  if (name === 'u.data' || /^u[a-z0-9]*\.(base|test)$/.test(name)) return RATINGS_100K;
  if (name === 'ratings.dat') return { kind: 'ratings', separator: '::', userField: 0, itemField: 1, ratingField: 2, header: false };
  if (name === 'ratings.csv') return { kind: 'ratings', separator: ',', userField: 0, itemField: 1, ratingField: 2, header: true };
  if (name === 'u.item') return { kind: 'films', separator: '|', itemField: 0, header: false };
  if (name === 'movies.dat') return { kind: 'films', separator: '::', itemField: 0, header: false };
  if (name === 'movies.csv') return { kind: 'films', separator: ',', itemField: 0, header: true };
  return undefined;
}

/** Glob of the files the hover provider serves. */
export const DATA_FILE_PATTERN = '**/{u.data,u*.base,u*.test,ratings.dat,ratings.csv,u.item,movies.dat,movies.csv}';

export interface DataLine {
  readonly kind: DataFileKind;
  readonly itemId: number;
  readonly userId?: number;
  readonly rating?: number;
  /** Character range of the film id on the line, [start, end). */
  readonly start: number;
  readonly end: number;
}

/**
 * The film id under `character` on a line (0-based line index, for the header check), or
 * undefined when the cursor is elsewhere or the line is not a data line.
 */
export function filmAt(fileName: string, text: string, lineIndex: number, character: number): DataLine | undefined {
  const layout = layoutOf(fileName);
  if (layout === undefined || (layout.header && lineIndex === 0)) return undefined;
  const fields = splitWithOffsets(text, layout.separator, layout.itemField + 3);
  const item = fields[layout.itemField];
  if (item === undefined || character < item.start || character > item.end) return undefined;
  const itemId = wholeNumber(item.text);
  if (itemId === undefined) return undefined;
  const field = (index: number | undefined): string | undefined => (index === undefined ? undefined : fields[index]?.text);
  const rating = field(layout.ratingField);
  return {
    kind: layout.kind,
    itemId,
    userId: wholeNumber(field(layout.userField)),
    rating: rating === undefined || rating.trim() === '' || !Number.isFinite(Number(rating)) ? undefined : Number(rating),
    start: item.start,
    end: item.end,
  };
}

function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** The first `limit` fields with their offsets (later fields, e.g. quoted CSV titles, are not needed). */
function splitWithOffsets(text: string, separator: string, limit: number): { text: string; start: number; end: number }[] {
  const fields: { text: string; start: number; end: number }[] = [];
  let start = 0;
  while (fields.length < limit) {
    const next = text.indexOf(separator, start);
    const end = next < 0 ? text.length : next;
    fields.push({ text: text.slice(start, end), start, end });
    if (next < 0) break;
    start = next + separator.length;
  }
  return fields;
}
