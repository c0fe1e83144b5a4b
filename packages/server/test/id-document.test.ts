import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseIdDocument } from '../src/shared/id-document.js';

describe('DNI and NIE check', () => {
  it('accepts a DNI whose letter matches its number, in canonical form', () => {
    assert.equal(normaliseIdDocument('12345678Z'), '12345678Z');
    assert.equal(normaliseIdDocument(' 12.345.678-z '), '12345678Z');
    assert.equal(normaliseIdDocument('00000000T'), '00000000T');
  });

  it('accepts NIEs starting with X, Y and Z, whose letter counts the prefix as 0, 1 and 2', () => {
    assert.equal(normaliseIdDocument('X1234567L'), 'X1234567L');
    assert.equal(normaliseIdDocument('y-1234567-x'), 'Y1234567X');
    assert.equal(normaliseIdDocument('Z 1234567 R'), 'Z1234567R');
  });

  it('rejects a wrong check letter', () => {
    assert.equal(normaliseIdDocument('12345678A'), undefined);
    assert.equal(normaliseIdDocument('X1234567X'), undefined);
    assert.equal(normaliseIdDocument('Y1234567L'), undefined);
  });

  it('rejects malformed numbers', () => {
    for (const input of ['', '1234567Z', '123456789Z', '12345678', 'A1234567L', 'X123456L', '12345678Ñ', '12345678ZZ']) {
      assert.equal(normaliseIdDocument(input), undefined, input);
    }
  });
});
