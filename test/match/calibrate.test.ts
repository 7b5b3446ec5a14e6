import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  calibrate,
  CONFIDENCE_WEIGHTS,
  FEATURE_NAMES,
  type ConfidenceFeatures,
} from '../../src/match/calibrate.js';
import { MATCH_DEFAULTS } from '../../src/config/match-defaults.js';

const NONE: ConfidenceFeatures = {
  requested: false,
  coverage: 0,
  phrase: 0,
  titleSim: 0,
  identifier: 0,
  margin: 0,
  specificity: 0,
  known: 0,
  inScope: false,
  knownProduct: false,
};

/** The yes/no features, which count as 1 or 0. */
const BOOLEAN: ReadonlyArray<(typeof FEATURE_NAMES)[number]> = ['inScope', 'knownProduct'];

/** Weights that read one feature only (weight 1), with the given bias. */
const only = (name: (typeof FEATURE_NAMES)[number], bias = 0) => ({
  ...Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])),
  [name]: 1,
  bias,
});

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const features = fc.record({
  requested: fc.constant(false),
  coverage: unit,
  phrase: unit,
  titleSim: unit,
  identifier: unit,
  margin: unit,
  specificity: fc.double({ min: 0, max: 10, noNaN: true }),
  known: unit,
  inScope: fc.boolean(),
  knownProduct: fc.boolean(),
});

describe('calibrate (the logistic confidence)', () => {
  test('is the logistic of bias + weights × features, rounded to three places', () => {
    assert.equal(calibrate(NONE, only('coverage')), 0.5, 'z = 0');
    assert.equal(calibrate(NONE, only('coverage', Math.log(3))), 0.75, 'z = ln 3');
    assert.equal(calibrate({ ...NONE, coverage: 1 }, only('coverage', -1)), 0.5);
    assert.equal(calibrate({ ...NONE, margin: 1 }, only('margin')), 0.731, 'z = 1');
    assert.equal(calibrate({ ...NONE, inScope: true }, only('inScope', -1)), 0.5, 'inScope counts as 1');
    assert.equal(calibrate({ ...NONE, knownProduct: true, coverage: 1 }, only('knownProduct', -1)), 0.5);
    assert.equal(calibrate({ ...NONE, knownProduct: true }, only('knownProduct')), 0.5, 'covers nothing');
    assert.equal(calibrate({ ...NONE, coverage: 1 }, only('knownProduct')), 0.5, 'names no product');
    assert.equal(calibrate(NONE, only('coverage', -20)), 0);
    assert.equal(calibrate(NONE, only('coverage', 20)), 1);
  });

  test('each feature is read by its own weight', () => {
    for (const name of FEATURE_NAMES) {
      // Specificity is read as a log, knownProduct with coverage: each has its own test.
      if (name === 'specificity' || name === 'knownProduct') continue;
      const f = { ...NONE, [name]: BOOLEAN.includes(name) ? true : 1 };
      assert.equal(calibrate(f, only(name)), 0.731, name);
      for (const other of FEATURE_NAMES.filter((n) => n !== name))
        assert.equal(calibrate(f, only(other)), 0.5, `${name} by ${other}`);
    }
  });

  test('specificity counts as log(1 + s), and no more past MATCH_DEFAULTS.specificityCap', () => {
    assert.equal(calibrate({ ...NONE, specificity: Math.E - 1 }, only('specificity')), 0.731);
    const cap = MATCH_DEFAULTS.specificityCap;
    assert.equal(
      calibrate({ ...NONE, specificity: cap * 10 }, only('specificity')),
      calibrate({ ...NONE, specificity: cap }, only('specificity')),
    );
    assert.ok(
      calibrate({ ...NONE, specificity: cap }, only('specificity')) >
        calibrate({ ...NONE, specificity: cap / 2 }, only('specificity')),
    );
  });

  test('a paste that asks for an article by number is 0.99 whatever else it says', () => {
    assert.equal(calibrate({ ...NONE, requested: true }), 0.99);
  });

  test('the fitted weights are not negative, so more evidence never lowers the confidence', () => {
    for (const name of FEATURE_NAMES) assert.ok(CONFIDENCE_WEIGHTS[name] >= 0, `${name} weight`);
    const names = FEATURE_NAMES.filter((n) => !BOOLEAN.includes(n));
    fc.assert(
      fc.property(features, fc.constantFrom(...names), unit, (f, name, more) => {
        const raised = { ...f, [name]: (f[name] as number) + more };
        return calibrate(raised) >= calibrate(f);
      }),
    );
    for (const name of BOOLEAN)
      fc.assert(
        fc.property(features, (f) => calibrate({ ...f, [name]: true }) >= calibrate({ ...f, [name]: false })),
      );
  });

  test('with the fitted weights, each feature that has a weight moves a middling confidence', () => {
    // A paste half-way on every feature: neither sure nor hopeless, so no step is lost to rounding.
    const middle: ConfidenceFeatures = {
      ...NONE,
      coverage: 0.5,
      phrase: 0.5,
      identifier: 0.5,
      margin: 0.5,
      specificity: 1,
      known: 0.5,
      inScope: true,
    };
    const base = calibrate(middle);
    assert.ok(base > 0.01 && base < 0.99, `middle ${base}`);
    for (const name of FEATURE_NAMES) {
      if (CONFIDENCE_WEIGHTS[name] === 0) continue;
      if (BOOLEAN.includes(name)) {
        const yes = calibrate({ ...middle, [name]: true });
        const no = calibrate({ ...middle, [name]: false });
        assert.ok(yes > no, `${name}: ${yes} > ${no}`);
        continue;
      }
      const raised = calibrate({ ...middle, [name]: (middle[name] as number) + 0.5 });
      assert.ok(raised > base, `${name}: ${raised} > ${base}`);
    }
  });
});
