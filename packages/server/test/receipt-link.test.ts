import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callsTestEnv } from './call-fixtures.js';
import { useTestApp } from './helpers.js';
import { madeReceipt, sha256 } from './registry-fixtures.js';

const HOUR = 3_600_000;
const receiptPath = (council: string, token: string) => `/api/councils/${council}/appointments/mine/procedure/receipt?${new URLSearchParams({ token })}`;

describe("the receipt from the citizen's personal link", () => {
  let clock = new Date('2026-12-06T10:00:00Z');
  const suite = useTestApp(async (database) => ({ env: callsTestEnv(database), now: () => clock }));

  it('downloads after the appointment is over, for as long as the link works', async () => {
    const { app } = suite;
    clock = new Date('2026-12-06T10:00:00Z');
    const made = await madeReceipt(app);
    await app.db.updateTable('cases').set({ state: 'completed' }).where('id', '=', made.caseId).execute();

    // Hours after the call, the appointment completed: the receipt is still theirs.
    clock = new Date(clock.getTime() + 3 * HOUR);
    const later = await app.inject({ url: receiptPath('alpha', made.token) });
    assert.equal(later.statusCode, 200, later.body);
    assert.equal(sha256(later.rawPayload), sha256(made.content));
    const view = await app.inject({ url: `/api/councils/alpha/appointments/mine/procedure?${new URLSearchParams({ token: made.token })}` });
    assert.deepEqual(view.json().receipt, { entryNumber: made.entry.number });

    // The link has expired (this one after a day): nothing, as for any unknown token.
    clock = new Date(clock.getTime() + 24 * HOUR);
    const expired = await app.inject({ url: receiptPath('alpha', made.token) });
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().code, 'FIN_ERR_TOKEN_INVALID');
  });

  it("is refused to a calendar's link, which still follows the procedure", async () => {
    const { app } = suite;
    clock = new Date('2026-12-06T10:00:00Z');
    const made = await madeReceipt(app);
    const calendar = await app.tokens.grantCalendar(app.db, { caseId: made.caseId, token: made.token, expiresAt: new Date(clock.getTime() + 24 * HOUR), now: clock });
    const refused = await app.inject({ url: receiptPath('alpha', calendar) });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'FIN_ERR_TOKEN_FORBIDDEN');
    assert.doesNotMatch(refused.body, /PDF/);
    const view = await app.inject({ url: `/api/councils/alpha/appointments/mine/procedure?${new URLSearchParams({ token: calendar })}` });
    assert.equal(view.statusCode, 200);
    assert.deepEqual(view.json().receipt, { entryNumber: made.entry.number });
  });

  it("gives nothing through another council's path", async () => {
    const { app } = suite;
    clock = new Date('2026-12-06T10:00:00Z');
    const made = await madeReceipt(app);
    const elsewhere = await app.inject({ url: receiptPath('beta', made.token) });
    assert.equal(elsewhere.statusCode, 401);
    assert.equal(elsewhere.json().code, 'FIN_ERR_TOKEN_INVALID');
  });
});
