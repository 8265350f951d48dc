import * as path from 'node:path';
import { IdIndex } from './columns';
import { DataError } from './errors';
import { fileKindProblem } from './fileKind';
import type { Items, UserDemographics, Users } from './types';
import { Gender } from './types';

/**
 * The path of a file the format needs; a DataError (line 0) saying what it is for if absent, or
 * what the path names instead of a file (a folder, a FIFO, a dangling link…).
 */
export function requireFile(folder: string, name: string, purpose: string): string {
  const file = path.join(folder, name);
  const problem = fileKindProblem(file);
  if (problem === 'absent') throw new DataError(file, 0, `missing file ${name}: ${purpose}`);
  if (problem !== undefined) throw new DataError(file, 0, `${problem}: ${name} should hold ${purpose}`);
  return file;
}

/**
 * True for a regular file, false when nothing is there; a DataError when something else is
 * (a folder named u.genre is a mistake to report, not a reason to use the default genres).
 */
export function optionalFile(file: string): boolean {
  const problem = fileKindProblem(file);
  if (problem === 'absent') return false;
  if (problem !== undefined) throw new DataError(file, 0, problem);
  return true;
}

/** True when anything (a file, a folder, even a dangling link) is at the path. */
export function exists(file: string): boolean {
  return fileKindProblem(file) !== 'absent';
}

/** A whole number 0..2^31-1 (it must fit the Int32Array id columns) written in digits, or -1. */
export function parseWhole(text: string): number {
  const value = /^[0-9]{1,10}$/.test(text) ? Number(text) : -1;
  return value <= MAX_ID ? value : -1;
}

export const MAX_ID = 0x7fffffff;

/** The year in parentheses at the end of a title, "Toy Story (1995)" → 1995; 0 if none. */
export function titleYear(title: string): number {
  const match = /\((\d{4})(?:[-–]\d{0,4})?\)\s*$/.exec(title);
  return match ? Number(match[1]) : 0;
}

/** Films collected in file order, with their genres as CSR. */
export class ItemsBuilder {
  readonly ids = new IdIndex();
  private readonly titles: string[] = [];
  private readonly years: number[] = [];
  private readonly genreOffsets: number[] = [0];
  private readonly genreIndices: number[] = [];
  private readonly firstLine = new Map<number, number>();

  constructor(readonly file: string) {}

  /** Adds a film; a raw id seen before is refused, naming the line where it first appeared. */
  add(rawId: number, line: number, title: string, year: number, genres: readonly number[]): void {
    if (this.ids.get(rawId) >= 0) {
      throw new DataError(this.file, line, `film id ${rawId} appears twice (first on line ${this.firstLine.get(rawId)})`);
    }
    this.ids.add(rawId);
    this.firstLine.set(rawId, line);
    this.titles.push(title);
    this.years.push(year);
    for (const genre of genres) this.genreIndices.push(genre);
    this.genreOffsets.push(this.genreIndices.length);
  }

  finish(genreNames: readonly string[]): Items {
    return {
      count: this.ids.count,
      rawId: this.ids.rawIds(),
      title: this.titles,
      year: Int16Array.from(this.years),
      genreNames,
      genreOffset: Int32Array.from(this.genreOffsets),
      genreIndex: Int16Array.from(this.genreIndices),
    };
  }
}

/** Users with demographics (100K, 1M), collected in file order. */
export class UsersBuilder {
  readonly ids = new IdIndex();
  private readonly ages: number[] = [];
  private readonly genders: number[] = [];
  private readonly occupationIndices: number[] = [];
  private readonly zips: string[] = [];
  private readonly firstLine = new Map<number, number>();

  constructor(readonly file: string) {}

  add(rawId: number, line: number, age: number, gender: Gender, occupation: number, zip: string): void {
    if (this.ids.get(rawId) >= 0) {
      throw new DataError(this.file, line, `user id ${rawId} appears twice (first on line ${this.firstLine.get(rawId)})`);
    }
    this.ids.add(rawId);
    this.firstLine.set(rawId, line);
    this.ages.push(age);
    this.genders.push(gender);
    this.occupationIndices.push(occupation);
    this.zips.push(zip);
  }

  finish(occupations: readonly string[]): Users {
    const demographics: UserDemographics = {
      age: Int16Array.from(this.ages),
      gender: Uint8Array.from(this.genders),
      occupation: Int16Array.from(this.occupationIndices),
      occupations,
      zip: this.zips,
    };
    return { count: this.ids.count, rawId: this.ids.rawIds(), demographics };
  }
}

/** 'M' / 'F' (either case) to a Gender, or undefined. */
export function parseGender(text: string): Gender | undefined {
  const upper = text.trim().toUpperCase();
  if (upper === 'M') return Gender.Male;
  if (upper === 'F') return Gender.Female;
  return undefined;
}

/** Splits a line and refuses a wrong field count with the expected layout spelled out. */
export function splitFields(text: string, separator: string, expected: number, layout: string, file: string, line: number): string[] {
  const fields = text.split(separator);
  if (fields.length !== expected) {
    const name = separator === '|' ? "'|'" : `'${separator}'`;
    throw new DataError(file, line, `expected ${expected} fields (${layout}) separated by ${name}, found ${fields.length}`);
  }
  return fields;
}
