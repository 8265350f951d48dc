import { checkField } from './fields';
import { MODEL_FIELDS, PROTOCOL_DEFAULTS, PROTOCOL_FIELDS } from './schema';
import type { ProtocolConfig } from './schema';

declare const validProtocol: unique symbol;
/** A protocol configuration that passed validateProtocolConfig: the evaluation takes it as it is. */
export type ValidProtocolConfig = ProtocolConfig & { readonly [validProtocol]: true };

/** The article's protocol (bootstrapped 2-fold cross-validation, 5 seeded reshuffles), with overrides; validated. */
export function defaultProtocolConfig(overrides: Partial<ProtocolConfig> = {}): ValidProtocolConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return validateProtocolConfig({ ...PROTOCOL_DEFAULTS, ...defined });
}

/** Checks every field against the schema, with a message naming the bad value; returns a frozen copy. */
export function validateProtocolConfig(config: ProtocolConfig): ValidProtocolConfig {
  for (const field of Object.keys(PROTOCOL_FIELDS) as (keyof typeof PROTOCOL_FIELDS)[]) {
    checkField(field, PROTOCOL_FIELDS[field], config[field]);
  }
  checkField('seed', MODEL_FIELDS.seed, config.seed);
  const { protocol, folds, repeats, testFraction, seed } = config;
  // The one place a plain config becomes a valid one.
  return Object.freeze({ protocol, folds, repeats, testFraction, seed }) as ValidProtocolConfig;
}
