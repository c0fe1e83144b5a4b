import { expect } from '@open-wc/testing';
import { contract, isOneOClock, startsWithVowelSound } from './catalan.js';
import { contract as spanishContract } from './spanish.js';

describe('Catalan contractions', () => {
  it('elides "de" and "el" before a month, a date or a word read with a vowel', () => {
    expect(contract('de', 'octubre del 2026')).to.equal('d’octubre del 2026');
    expect(contract('el', 'octubre')).to.equal('l’octubre');
    expect(contract('el', '1 d’octubre')).to.equal('l’1 d’octubre');
    expect(contract('el', '11 de novembre')).to.equal('l’11 de novembre');
    expect(contract('de', 'hora')).to.equal('d’hora');
    expect(contract('de', 'Informe mèdic')).to.equal('d’Informe mèdic');
  });

  it('turns "del", "al" and "pel" into "de l’", "a l’" and "per l’" before a vowel sound', () => {
    expect(contract('del', '1 de desembre')).to.equal('de l’1 de desembre');
    expect(contract('al', '11/10/2026')).to.equal('a l’11/10/2026');
    expect(contract('pel', 'agost')).to.equal('per l’agost');
  });

  it('keeps the full form before a consonant, a consonant i or u, and other numbers', () => {
    expect(contract('de', 'desembre')).to.equal('de desembre');
    expect(contract('el', 'dimarts, 1 d’octubre')).to.equal('el dimarts, 1 d’octubre');
    expect(contract('del', '8 de març')).to.equal('del 8 de març');
    expect(contract('de', 'iogurt')).to.equal('de iogurt');
    expect(contract('de', 'hiena')).to.equal('de hiena');
    expect(contract('de', '1.500')).to.equal('de 1.500');
    expect(contract('de', '10')).to.equal('de 10');
  });

  it('reads one o’clock in the singular: "a la 01:30", "les 11:00"', () => {
    expect(contract('les', '01:30')).to.equal('la 01:30');
    expect(contract('les', '13:00')).to.equal('les 13:00');
    expect(contract('les', '11:00')).to.equal('les 11:00');
    expect(contract('de', '11:00')).to.equal('d’11:00');
    expect(contract('Les', '1.05')).to.equal('La 1.05');
  });

  it('keeps a capital the message gave the word', () => {
    expect(contract('El', '1 d’octubre')).to.equal('L’1 d’octubre');
    expect(contract('Del', 'octubre')).to.equal('De l’octubre');
  });

  it('knows which numbers are read with a vowel', () => {
    expect(['1', '11', '11.500', '1.000.000', '1,5'].map(startsWithVowelSound)).to.deep.equal([true, true, true, true, true]);
    expect(['2', '10', '100', '1.000', '111'].map(startsWithVowelSound)).to.deep.equal([false, false, false, false, false]);
    expect(isOneOClock('01:00')).to.equal(true);
    expect(isOneOClock('21:00')).to.equal(false);
    expect(isOneOClock('1')).to.equal(false);
  });
});

describe('Spanish contractions', () => {
  it('reads one o’clock in the singular: "a la 01:30", "a las 11:00"', () => {
    expect(spanishContract('las', '01:30')).to.equal('la 01:30');
    expect(spanishContract('las', '11:00')).to.equal('las 11:00');
  });
});
