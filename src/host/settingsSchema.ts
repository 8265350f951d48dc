/**
 * The `contributes.configuration` of package.json, derived from the run configuration schema
 * (src/core/config/schema.ts) plus the settings only the extension has (data folder, download URL,
 * where runs are kept). `npm run sync-settings` writes it into package.json; a unit test fails when they differ.
 * No `vscode` import: the script and the test run in plain Node.
 */
import type { FieldSpec } from '../core/config/fields';
import {
  MODEL_DEFAULTS,
  MODEL_FIELDS,
  PROTOCOL_DEFAULTS,
  PROTOCOL_FIELDS,
  RUN_DEFAULTS,
  RUN_FIELDS,
  SOLVER_DEPENDENT_FIELDS,
} from '../core/config/schema';

export const SETTINGS_SECTION = 'recommenderLab';

/** One property of contributes.configuration, as VS Code reads it (a JSON schema subset). */
export interface SettingProperty {
  readonly type: string | readonly string[];
  readonly default: unknown;
  readonly markdownDescription: string;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly items?: { readonly type: string; readonly enum?: readonly string[] };
  readonly uniqueItems?: boolean;
  readonly minItems?: number;
  readonly format?: string;
  readonly scope?: string;
  readonly enumDescriptions?: readonly string[];
}

/** Where runs are kept: the window's private storage, or the workspace (shared, committable). */
export type RunsLocation = 'workspaceStorage' | 'workspace';
export const RUNS_LOCATIONS: readonly RunsLocation[] = ['workspaceStorage', 'workspace'];

/** The runs folder inside the workspace when runsLocation is `workspace`. */
export const WORKSPACE_RUNS_FOLDER = '.recommender-lab';

/** The defaults the settings show: Train FM's model (FM by MCMC) and the article's protocol. */
const SETTING_DEFAULTS: Readonly<Record<string, unknown>> = { ...MODEL_DEFAULTS.fm.mcmc, ...PROTOCOL_DEFAULTS, ...RUN_DEFAULTS };

function property(field: string, spec: FieldSpec): SettingProperty {
  const limits = (): Partial<SettingProperty> =>
    spec.exclusiveBounds
      ? { exclusiveMinimum: spec.minimum, exclusiveMaximum: spec.maximum }
      : { minimum: spec.minimum, maximum: spec.maximum };
  const solverDependent = (SOLVER_DEPENDENT_FIELDS as ReadonlySet<string>).has(field);
  const markdownDescription = solverDependent ? `${spec.description} Empty: the solver's default.` : spec.description;
  const defaultValue = solverDependent ? null : SETTING_DEFAULTS[field];
  switch (spec.kind) {
    case 'integer':
    case 'number':
      return {
        type: solverDependent ? [spec.kind, 'null'] : spec.kind,
        default: defaultValue,
        markdownDescription,
        ...limits(),
      };
    case 'choice':
      return { type: 'string', default: defaultValue, markdownDescription, enum: spec.choices };
    case 'choices':
      return {
        type: 'array',
        default: defaultValue,
        markdownDescription,
        items: { type: 'string', enum: spec.choices },
        uniqueItems: true,
        minItems: 1,
      };
    case 'numberOrRecord':
      throw new Error(`${field}: a number-or-record field cannot be a setting`);
  }
}

/** Every field of the schema marked as a setting, in schema order (model, protocol, run). */
export function schemaSettings(): [string, FieldSpec][] {
  return [...Object.entries(MODEL_FIELDS), ...Object.entries(PROTOCOL_FIELDS), ...Object.entries(RUN_FIELDS)].filter(
    ([, spec]) => spec.setting === true,
  );
}

/** contributes.configuration.properties, keyed `recommenderLab.<field>`. */
export function settingsProperties(): Record<string, SettingProperty> {
  const properties: Record<string, SettingProperty> = {
    [`${SETTINGS_SECTION}.dataFolder`]: {
      type: ['string', 'null'],
      default: null,
      markdownDescription:
        'Folder of the MovieLens data to use (absolute path). Empty: the folder found in the workspace (`u.data`, `ratings.dat` or `ratings.csv` at any depth), with a choice when there are several.',
      scope: 'resource',
    },
  };
  for (const [field, spec] of schemaSettings()) properties[`${SETTINGS_SECTION}.${field}`] = property(field, spec);
  properties[`${SETTINGS_SECTION}.downloadUrl`] = {
    type: ['string', 'null'],
    default: null,
    markdownDescription:
      'Where **Download MovieLens 100K** fetches the archive (https only). Empty: `https://files.grouplens.org/datasets/movielens/ml-100k.zip`, checked against the MD5 GroupLens publishes beside it.',
    format: 'uri',
  };
  properties[`${SETTINGS_SECTION}.runsLocation`] = {
    type: 'string',
    default: 'workspaceStorage',
    markdownDescription: `Where runs and their models are kept. \`workspaceStorage\`: VS Code's storage for this workspace (private to this machine). \`workspace\`: \`${WORKSPACE_RUNS_FOLDER}/runs/\` in the (first) workspace folder, one folder per run with a pretty-printed \`run.json\` beside its model, so other windows see the runs and they can be committed. Runs already kept in the other place stay there and show again when you switch back.`,
    enum: RUNS_LOCATIONS,
    enumDescriptions: ["VS Code's storage for this workspace.", `${WORKSPACE_RUNS_FOLDER}/runs/ in the workspace folder.`],
    scope: 'window',
  };
  properties[`${SETTINGS_SECTION}.warmUp`] = {
    type: 'boolean',
    default: true,
    markdownDescription:
      'Warm the training threads when a workspace with MovieLens data opens: a few seconds after the window starts they train a small synthetic data set in the background (about 1 CPU-second each), so that the first **Train FM** runs about as fast as the ones after it (about 1 s sooner on 2 cores). A run started meanwhile goes first. The threads then hold the memory a first run would take anyway (40–50 MB each). Off: the threads start with the first run.',
    scope: 'window',
  };
  return properties;
}
