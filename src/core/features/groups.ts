/** Feature groups of the FM design matrix, switched on one by one. */
export type FeatureGroup =
  /** One-hot user id and film id. */
  | 'ids'
  /** Age bucket, gender, occupation, first digit of the zip code. */
  | 'user'
  /** Release-year bucket and genres. */
  | 'item'
  /** Words of the title (optional film side). */
  | 'title'
  /** The films the user rated in the training part, each weighted 1/√n (SVD++'s implicit feedback). */
  | 'implicit'
  /** The other direction: the users who rated the film in the training part, each 1/√n. */
  | 'raters'
  /**
   * The rating's day (UTC) as one-hot, shared by every user (myFM's "timeSVD" date feature): a
   * per-rating feature, so the user block's rows become (user, day) pairs (contextRows.ts).
   */
  | 'ratingDate'
  /** The (user, day) pair as one-hot: timeSVD++'s day-specific user bias b_{u,t} and its factor. */
  | 'userDay'
  /** The rating's calendar month (UTC): a coarse time-of-rating bin, in the user block's (user, day or month) rows. */
  | 'ratingMonth'
  /** The film's age at rating time (rating year − release year, bucketed): the film block's rows become (film, age) pairs. */
  | 'filmAge'
  /**
   * The films the user rated in the training part on the rating's day, each 1/√n: a session-level
   * implicit feedback in the context block's (user, day) rows.
   */
  | 'dayImplicit'
  /**
   * timeSVD++'s gradual user drift α_u·dev_u(t): per user one column whose value is the signed,
   * damped distance of the rating's day from the mean day of the user's training ratings.
   */
  | 'userDrift'
  /** The film in the rating's month (timeSVD++'s b_{i,Bin(t)}): the film block's rows become (film, month) pairs. */
  | 'filmMonth'
  /**
   * How many films the user rated that day in the training part, in doubling buckets (timeSVD++'s
   * frequency f_{u,t}): one-hot in the context block, its factor meeting the film's as b_{i,f}.
   */
  | 'dayFrequency';

export const ALL_FEATURE_GROUPS: readonly FeatureGroup[] = [
  'ids',
  'user',
  'item',
  'title',
  'implicit',
  'raters',
  'ratingDate',
  'userDay',
  'ratingMonth',
  'filmAge',
  'dayImplicit',
  'userDrift',
  'filmMonth',
  'dayFrequency',
];
/**
 * Fine feature groups: each FM weight and factor belongs to one, for its regularization value
 * (ALS, SGD) and its hyperprior (MCMC). Each fine group sits in one switchable FeatureGroup.
 */
export const FINE_GROUPS = [
  'userId',
  'age',
  'gender',
  'occupation',
  'zip',
  'implicit',
  'itemId',
  'year',
  'genre',
  'title',
  /** Item side of implicit feedback: the users who rated the film in training. */
  'raters',
  'ratingDate',
  'userDay',
  'ratingMonth',
  'filmAge',
  'dayImplicit',
  'userDrift',
  'filmMonth',
  'dayFrequency',
] as const;

export type FineGroup = (typeof FINE_GROUPS)[number];

/** The switchable group (config.features) each fine group belongs to. */
export const COARSE_GROUP: Readonly<Record<FineGroup, FeatureGroup>> = {
  userId: 'ids',
  age: 'user',
  gender: 'user',
  occupation: 'user',
  zip: 'user',
  implicit: 'implicit',
  itemId: 'ids',
  year: 'item',
  genre: 'item',
  title: 'title',
  raters: 'raters',
  ratingDate: 'ratingDate',
  userDay: 'userDay',
  ratingMonth: 'ratingMonth',
  filmAge: 'filmAge',
  dayImplicit: 'dayImplicit',
  userDrift: 'userDrift',
  filmMonth: 'filmMonth',
  dayFrequency: 'dayFrequency',
};

/** Index of a fine group in FINE_GROUPS. */
export function fineGroupIndex(group: FineGroup): number {
  return FINE_GROUPS.indexOf(group);
}
