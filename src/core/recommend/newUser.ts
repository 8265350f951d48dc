/**
 * A user the data does not have, and their row in an FM's design: demographics as the buckets'
 * one-hots, liked films as implicit feedback, named as the design matrix names its features
 * (features/featureBlocks.ts), so the model's user-side parameters (model/userSideModel.ts) apply.
 */
import type { MovieLensData } from '../data/types';
import { ageBucket, zipBucket } from '../features/buckets';
import type { EmbeddingModel } from '../model/embeddingModel';
import { userRow } from '../model/userSideModel';
import type { FeatureValue, UserRow, UserSideModel } from '../model/userSideModel';

/** A user the data does not have. Every field is optional: an empty one is the plain cold-start user. */
export interface NewUser {
  /** Years (1M data: its age-group codes read the same, see features/buckets.ts). */
  readonly age?: number;
  readonly gender?: 'M' | 'F';
  /** As the data names occupations ("student"). */
  readonly occupation?: string;
  /** As written; the model uses its first character. */
  readonly zip?: string;
  /** Raw ids of films the user liked. */
  readonly liked?: readonly number[];
}

/** A feature of the new user's row by name, with its value. */
export interface NamedFeature {
  readonly name: string;
  readonly value: number;
}

export interface NewUserEncoding {
  readonly features: readonly FeatureValue[];
  /** The features the row has, in input order ("age=25-34", "implicit=50"). */
  readonly used: readonly NamedFeature[];
  /** Inputs the model has no feature for ("occupation=astronaut"): no training user had them, or the group was off. */
  readonly unknown: readonly string[];
}

/**
 * The user's row in the design matrix's names: each demographic as its bucket's one-hot, each
 * liked film the model knows as implicit feedback at 1/√n (n: the liked films it knows, as a
 * training row counts the films its user rated). Inputs the model has no feature for are listed.
 */
export function encodeNewUser(side: UserSideModel, user: NewUser): NewUserEncoding {
  const index = featureIndex(side);
  const features: FeatureValue[] = [];
  const used: NamedFeature[] = [];
  const unknown: string[] = [];
  const add = (name: string, value: number): void => {
    const feature = index.get(name);
    if (feature === undefined) {
      unknown.push(name);
      return;
    }
    features.push({ feature, value });
    used.push({ name, value });
  };
  const age = user.age === undefined ? undefined : ageBucket(user.age);
  if (age !== undefined) add(`age=${age}`, 1);
  if (user.gender !== undefined) add(`gender=${user.gender}`, 1);
  if (user.occupation !== undefined && user.occupation !== '') add(`occupation=${user.occupation}`, 1);
  const zip = user.zip === undefined ? undefined : zipBucket(user.zip);
  if (zip !== undefined) add(`zip=${zip}`, 1);
  const liked = [...new Set(user.liked ?? [])];
  const known = liked.filter((film) => index.has(`implicit=${film}`));
  for (const film of liked) if (!known.includes(film)) unknown.push(`implicit=${film}`);
  for (const film of known) add(`implicit=${film}`, 1 / Math.sqrt(known.length));
  return { features, used, unknown };
}

const indexes = new WeakMap<UserSideModel, Map<string, number>>();

function featureIndex(side: UserSideModel): Map<string, number> {
  let index = indexes.get(side);
  if (index === undefined) {
    index = new Map(side.featureNames.map((name, feature) => [name, feature]));
    indexes.set(side, index);
  }
  return index;
}

/** The new user's embedding row (b_u, p_u); undefined when the model keeps no user-side parameters. */
export function newUserRow(model: EmbeddingModel, user: NewUser): (UserRow & { readonly encoding: NewUserEncoding }) | undefined {
  if (model.userSide === undefined) return undefined;
  const encoding = encodeNewUser(model.userSide, user);
  return { ...userRow(model.userSide, encoding.features), encoding };
}

/** Inputs that name nothing in the data (a film id not in the films file, an occupation the data lacks), in words. */
export function newUserProblems(data: MovieLensData, user: NewUser): string[] {
  const problems: string[] = [];
  const occupations = data.users.demographics?.occupations ?? [];
  if (user.occupation !== undefined && user.occupation !== '' && !occupations.includes(user.occupation)) {
    problems.push(
      occupations.length === 0
        ? `occupation '${user.occupation}': ${data.format} has no occupations`
        : `occupation '${user.occupation}' is not one of ${occupations.join(', ')}`,
    );
  }
  if (user.age !== undefined && !(Number.isInteger(user.age) && user.age >= 0 && user.age <= 150)) {
    problems.push(`age ${user.age} is not a whole number of years from 0 to 150`);
  }
  const missing = (user.liked ?? []).filter((film) => !data.itemIndex.has(film));
  if (missing.length > 0) problems.push(`film${missing.length === 1 ? '' : 's'} ${missing.join(', ')} not in ${data.itemsFile}`);
  return problems;
}

/** Why a what-if could not use the model: SVD has no user features; an FM stored before they were kept. */
export type WhatIfFallback = 'no-user-features' | 'stored-before-user-features';
