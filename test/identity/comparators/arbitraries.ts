import fc from 'fast-check';

/** Short strings over a small alphabet, so random pairs share characters often. */
export const smallString = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', ' '), maxLength: 12 });

/** Name-like strings: lower-case letters, occasionally with spaces. */
export const nameString = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz  '.split('')),
  maxLength: 24,
});

/** Any strings, including non-ASCII and long ones that leave the bit-parallel fast paths. */
export const anyString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', '漢'), minLength: 30, maxLength: 80 }),
);

/** Strings around 32 code units, where the bit-parallel paths hand over to the matrix ones. */
export const boundaryString = fc.string({
  unit: fc.constantFrom('a', 'b', 'c', ' '),
  minLength: 28,
  maxLength: 36,
});

/** Mixed arbitrary covering small alphabets, names, word-size boundaries and the rest. */
export const text = fc.oneof(smallString, nameString, boundaryString, anyString);
