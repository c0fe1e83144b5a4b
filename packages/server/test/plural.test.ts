import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIRMATION_TEXTS } from '../src/modules/flood/texts.js';
import { VERIFY_TEXTS } from '../src/modules/registry/texts.js';

describe('counted phrases in emails and pages', () => {
  it('asks to confirm a booking within one minute in the singular, in every language', () => {
    assert.match(CONFIRMATION_TEXTS.ca.emailIntro(1), /^Confirmeu la reserva en el proper minut;/);
    assert.match(CONFIRMATION_TEXTS.es.emailIntro(1), /^Confirme la reserva en el próximo minuto;/);
    assert.match(CONFIRMATION_TEXTS.en.emailIntro(1), /^Please confirm your booking within 1 minute;/);
    assert.match(CONFIRMATION_TEXTS.ca.emailIntro(30), /^Confirmeu la reserva en els propers 30 minuts;/);
  });

  it('says how long to wait after too many verifications in the right number', () => {
    assert.match(VERIFY_TEXTS.ca.tooMany(1), /d’aquí a 1 minut\.$/);
    assert.match(VERIFY_TEXTS.es.tooMany(5), /dentro de 5 minutos\.$/);
  });
});
