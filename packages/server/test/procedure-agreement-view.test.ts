import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agreementView } from '../src/modules/procedure/agreement/view.js';
import { newProcedure, voidAgreement } from '../src/modules/procedure/core.js';

/** A procedure whose application was presented as `doc-1`. */
function presented() {
  const record = newProcedure();
  record.agreement = { state: 'presented', documentId: 'doc-1', sha256: 'ab'.repeat(32), presentedAt: '2026-12-06T10:14:00.000Z', answeredAt: null, reason: null };
  return record;
}

describe('the agreement as the desk sees it', () => {
  it('says when the citizen’s device opened the document presented, and not before', () => {
    const record = presented();
    assert.equal(agreementView(record).shownAt, null);
    record.agreement.shown = { documentId: 'doc-1', at: '2026-12-06T10:15:00.000Z' };
    assert.equal(agreementView(record).shownAt, '2026-12-06T10:15:00.000Z');
  });

  it('does not count an earlier document opened as this one', () => {
    const record = presented();
    record.agreement.shown = { documentId: 'doc-0', at: '2026-12-06T10:10:00.000Z' };
    assert.equal(agreementView(record).shownAt, null);
  });

  it('says why a void agreement was voided', () => {
    const record = presented();
    assert.equal(agreementView(record).voidCause, null);
    voidAgreement(record, 'step identity redone');
    const view = agreementView(record);
    assert.equal(view.state, 'void');
    assert.equal(view.voidCause, 'step identity redone');
    assert.equal(view.shownAt, null);
  });
});
