/** ml-100k's genre names, in u.genre order (u.item's genre flags follow it). */
export const GENRES_100K: readonly string[] = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];

/** The 18 genres of ml-1m: 100K's without "unknown" (the CSV releases call Children's "Children"). */
export const BASE_GENRES: readonly string[] = GENRES_100K.slice(1);
