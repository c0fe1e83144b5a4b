import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contract } from '../src/shared/catalan.js';
import { CALLBACK_TEXTS } from '../src/modules/callbacks/texts.js';
import { formatInstant } from '../src/modules/receipt/format.js';
import { RECEIPT_TEXTS } from '../src/modules/receipt/texts.js';
import { SURVEY_TEXTS } from '../src/modules/surveys/texts.js';

/** A date as the survey email writes it, in Catalan, on the council's clock. */
const longDate = (iso: string) => new Intl.DateTimeFormat('ca', { timeZone: 'Europe/Madrid', dateStyle: 'long' }).format(new Date(iso));

describe('Catalan in emails and documents', () => {
  it('elides before a date that starts with a vowel sound: “fins a l’1 d’octubre”, “fins a l’11 d’octubre”', () => {
    assert.equal(SURVEY_TEXTS.ca.expires(longDate('2026-10-01T10:00:00Z')), 'L’enllaç funciona fins a l’1 d’octubre del 2026.');
    assert.equal(SURVEY_TEXTS.ca.expires(longDate('2026-10-11T10:00:00Z')), 'L’enllaç funciona fins a l’11 d’octubre del 2026.');
    assert.equal(SURVEY_TEXTS.ca.expires(longDate('2026-10-08T10:00:00Z')), 'L’enllaç funciona fins al 8 d’octubre del 2026.');
  });

  it('writes the start of a recording on the receipt as “l’1 d’octubre”', () => {
    const started = formatInstant('2026-10-01T08:00:00Z', 'ca', 'Europe/Madrid');
    assert.equal(RECEIPT_TEXTS.ca.recordingAt('rec-1', '00:14:02', started), 'part rec-1, minut 00:14:02 (la part va començar l’1 d’octubre del 2026, a les 10:00:00 (Europe/Madrid))');
  });

  it('keeps “el” before a weekday', () => {
    assert.match(CALLBACK_TEXTS.ca.retryIntro('dijous, 1 d’octubre del 2026, a les 10:00'), /^Us hem trucat el dijous, 1 d’octubre/);
  });

  it('follows the rules of the widgets’ copy', () => {
    assert.equal(contract('de', 'octubre'), 'd’octubre');
    assert.equal(contract('el', 'octubre'), 'l’octubre');
    assert.equal(contract('del', '1 de desembre'), 'de l’1 de desembre');
    assert.equal(contract('al', '11 de març'), 'a l’11 de març');
    assert.equal(contract('de', 'iogurt'), 'de iogurt');
    assert.equal(contract('de', '1.500'), 'de 1.500');
    assert.equal(contract('les', '01:30'), 'la 01:30');
    assert.equal(contract('les', '11:30'), 'les 11:30');
    assert.equal(contract('El', '1 d’octubre'), 'L’1 d’octubre');
  });
});
