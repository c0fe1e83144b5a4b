import { expect } from '@open-wc/testing';
import { idDocumentKind, isValidIdDocument, normaliseIdDocument } from './id-document.js';

describe('id-document', () => {
  it('accepts a DNI whose check letter matches', () => {
    expect(idDocumentKind('12345678Z')).to.equal('dni');
    expect(idDocumentKind('00000000T')).to.equal('dni');
  });

  it('accepts a NIE, reading X, Y and Z as 0, 1 and 2', () => {
    expect(idDocumentKind('X1234567L')).to.equal('nie');
    expect(idDocumentKind('Y1234567X')).to.equal('nie');
    expect(idDocumentKind('Z1234567R')).to.equal('nie');
  });

  it('rejects a wrong check letter', () => {
    expect(isValidIdDocument('12345678A')).to.equal(false);
    expect(isValidIdDocument('X1234567A')).to.equal(false);
  });

  it('rejects the wrong number of digits', () => {
    expect(isValidIdDocument('1234567Z')).to.equal(false);
    expect(isValidIdDocument('X12345678Z')).to.equal(false);
    expect(isValidIdDocument('')).to.equal(false);
  });

  it('reads what people type: lower case, spaces, dots and dashes', () => {
    expect(normaliseIdDocument(' 12.345.678-z ')).to.equal('12345678Z');
    expect(isValidIdDocument('x-1234567-l')).to.equal(true);
  });
});
