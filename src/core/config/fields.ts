/**
 * How one field of the run configuration is described: its kind, limits (and why they are where
 * they are), and its description. The CLI's flags and usage (src/cli/args.ts), the VS Code
 * settings (package.json, generated from src/host/settingsSchema.ts and checked by a test) and the
 * validation below all read these specs, so a limit or a description is written once.
 */

export type FieldKind =
  /** A whole number in [minimum, maximum]. */
  | 'integer'
  /** A finite number in [minimum, maximum] (exclusive bounds where said). */
  | 'number'
  /** One of `choices`. */
  | 'choice'
  /** A non-empty list of distinct `choices`. */
  | 'choices'
  /** A non-negative number, or a record of them per key (regularization). */
  | 'numberOrRecord';

export interface FieldSpec {
  readonly kind: FieldKind;
  /** One sentence or two, Markdown (`code` allowed): the setting's description and the CLI usage line. */
  readonly description: string;
  readonly choices?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  /** The bounds themselves are not allowed (fractions in (0, 1)). */
  readonly exclusiveBounds?: boolean;
  /** Why the limits are where they are; said in the message when a value is out of them. */
  readonly limitReason?: string;
  /** The CLI flag's value name in the usage text, e.g. K. */
  readonly valueName?: string;
  /** A VS Code setting `recommenderLab.<field>` (fields without one are CLI and API only). */
  readonly setting?: boolean;
  /** Model kinds the field means something for (default: all); others ignore a configured value. */
  readonly models?: readonly string[];
  /** A comparison's SVD baseline takes the configured value too (the rank and the seed: a fair pairing). */
  readonly sharedWithBaseline?: boolean;
}

/** A configuration value that breaks its field's spec; the message names the field, the value and the rule. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function isConfigError(value: unknown): value is ConfigError {
  return value instanceof Error && value.name === 'ConfigError';
}

/** A value as a message shows it: strings quoted, objects as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) {
    return String(value);
  }
  return JSON.stringify(value);
}

/** The rule of a field in words, e.g. "an integer from 1 to 512" or "one of svd, fm". */
export function ruleText(spec: FieldSpec): string {
  const range = (noun: string): string => {
    const { minimum, maximum } = spec;
    if (minimum !== undefined && maximum !== undefined) {
      return spec.exclusiveBounds ? `${noun} between ${minimum} and ${maximum} (exclusive)` : `${noun} from ${minimum} to ${maximum}`;
    }
    if (minimum !== undefined) return `${noun} ≥ ${minimum}`;
    if (maximum !== undefined) return `${noun} ≤ ${maximum}`;
    return noun;
  };
  switch (spec.kind) {
    case 'integer':
      return range('an integer');
    case 'number':
      return range('a number');
    case 'choice':
      return `one of ${(spec.choices ?? []).join(', ')}`;
    case 'choices':
      return `a list of distinct values among ${(spec.choices ?? []).join(', ')}`;
    case 'numberOrRecord':
      return `${range('a number')}, or such numbers per key`;
  }
}

function fail(name: string, spec: FieldSpec, value: unknown, rule = ruleText(spec)): never {
  const reason = spec.limitReason !== undefined && spec.kind !== 'choice' && spec.kind !== 'choices' ? ` (${spec.limitReason})` : '';
  throw new ConfigError(`${name} must be ${rule}${reason}, got ${describeValue(value)}`);
}

function inRange(spec: FieldSpec, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (spec.exclusiveBounds) {
    return (spec.minimum === undefined || value > spec.minimum) && (spec.maximum === undefined || value < spec.maximum);
  }
  return (spec.minimum === undefined || value >= spec.minimum) && (spec.maximum === undefined || value <= spec.maximum);
}

/** Checks one value against its spec; throws ConfigError naming the field, the rule and the value. */
export function checkField(name: string, spec: FieldSpec, value: unknown): void {
  switch (spec.kind) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || !inRange(spec, value)) fail(name, spec, value);
      return;
    case 'number':
      if (typeof value !== 'number' || !inRange(spec, value)) fail(name, spec, value);
      return;
    case 'choice':
      if (typeof value !== 'string' || !(spec.choices ?? []).includes(value)) fail(name, spec, value);
      return;
    case 'choices': {
      if (!Array.isArray(value) || value.length === 0) {
        throw new ConfigError(`${name} must list at least one of ${(spec.choices ?? []).join(', ')}, got none`);
      }
      const seen = new Set<unknown>();
      for (const entry of value) {
        if (typeof entry !== 'string' || !(spec.choices ?? []).includes(entry)) {
          throw new ConfigError(`${name} must be among ${(spec.choices ?? []).join(', ')}, got ${describeValue(entry)}`);
        }
        if (seen.has(entry)) throw new ConfigError(`${name} must not repeat a value, got ${entry} twice`);
        seen.add(entry);
      }
      return;
    }
    case 'numberOrRecord':
      if (typeof value === 'number') {
        if (!inRange(spec, value)) fail(name, spec, value);
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ConfigError(`${name} must be a number or a record of numbers, got ${describeValue(value)}`);
      }
      for (const [key, entry] of Object.entries(value)) {
        if (spec.choices !== undefined && !spec.choices.includes(key)) {
          throw new ConfigError(`${name} keys must be among ${spec.choices.join(', ')}, got ${describeValue(key)}`);
        }
        if (typeof entry !== 'number' || !inRange(spec, entry)) fail(`${name}.${key}`, spec, entry, ruleText({ ...spec, kind: 'number' }));
      }
      return;
  }
}
