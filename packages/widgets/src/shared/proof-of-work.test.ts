import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { ApiClient } from './api.js';
import { ApiError } from './errors.js';
import { Outbox, type OutboxEvent } from './outbox.js';
import { leadingZeroBits, solveChallenge } from './proof-of-work.js';
import { json, stubFetch, type FetchStub } from './testing.js';

const TOKEN = 'demo.1798000000000.10.bm9uY2U.c2lnbmF0dXJl';

async function bits(token: string, solution: string): Promise<number> {
  return leadingZeroBits(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${token}:${solution}`))));
}

const challenge = (difficulty: number, code = 'FIN_ERR_CHALLENGE_REQUIRED') =>
  json({ statusCode: 428, code, message: 'Solve it.', challenge: { token: TOKEN, difficulty, expiresAt: '2026-12-31T00:00:00.000Z' } }, 428);

describe('proof of work', () => {
  let fetch: FetchStub | undefined;
  afterEach(() => fetch?.restore());

  describe('solveChallenge', () => {
    it('finds a solution whose SHA-256 has the leading zero bits asked', async () => {
      const solution = await solveChallenge({ token: TOKEN, difficulty: 10 });
      expect(solution).to.match(/^\d+$/);
      expect(await bits(TOKEN, solution)).to.be.at.least(10);
    });

    it('keeps the page responsive while it works', async () => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 0);
      await solveChallenge({ token: TOKEN, difficulty: 14 });
      clearInterval(timer);
      expect(ticks).to.be.greaterThan(0);
    });

    it('stops when its signal aborts', async () => {
      const controller = new AbortController();
      const solving = solveChallenge({ token: TOKEN, difficulty: 40 }, controller.signal);
      controller.abort();
      const error = await solving.catch((caught: unknown) => caught);
      expect((error as DOMException).name).to.equal('AbortError');
    });
  });

  describe('a booking sent while the server asks for a proof', () => {
    it('solves the challenge and sends the same request again with Fin-Proof and the same key', async () => {
      fetch = stubFetch((call) => (call.headers.has('Fin-Proof') ? json({ reference: 'CB-7K3M9Q' }, 201) : challenge(8)));
      const result = await new ApiClient('https://oac.example', 'demo').post<{ reference: string }>('/api/councils/demo/callbacks', { name: 'Marta' });
      expect(result.reference).to.equal('CB-7K3M9Q');
      const [first, second] = fetch.calls;
      expect(fetch.calls).to.have.length(2);
      expect(second.headers.get('Idempotency-Key')).to.equal(first.headers.get('Idempotency-Key'));
      expect(second.body).to.deep.equal(first.body);
      const [token, solution] = second.headers.get('Fin-Proof')!.split(/:(?=\d+$)/);
      expect(token).to.equal(TOKEN);
      expect(await bits(token, solution)).to.be.at.least(8);
    });

    it('is solved by the outbox too, when a queued booking is sent again during a flood', async () => {
      const name = `fin-test-outbox-${crypto.randomUUID()}`;
      const outbox = new Outbox({ name, retryDelay: 10_000 });
      try {
        await outbox.enqueue({ url: 'https://oac.example/api/councils/demo/callbacks', body: { name: 'Marta' }, idempotencyKey: 'k-1', kind: 'callback' });
        fetch = stubFetch((call) => (call.headers.has('Fin-Proof') ? json({ reference: 'CB-7K3M9Q' }, 201) : challenge(8)));
        const sent = new Promise<OutboxEvent>((resolve) => outbox.addEventListener('sent', (event) => resolve(event as OutboxEvent), { once: true }));
        await outbox.flush();
        expect((await sent).result).to.deep.equal({ reference: 'CB-7K3M9Q' });
        expect(fetch.calls.map((call) => call.headers.get('Idempotency-Key'))).to.deep.equal(['k-1', 'k-1']);
        expect(await outbox.pending()).to.deep.equal([]);
      } finally {
        outbox.stop();
        await deleteDB(name);
      }
    });

    it('gives up with the server’s error after three refused proofs', async () => {
      fetch = stubFetch(() => challenge(4, 'FIN_ERR_CHALLENGE_INVALID'));
      const error = await new ApiClient('https://oac.example', 'demo').post('/api/councils/demo/callbacks', {}).catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(ApiError);
      expect((error as ApiError).code).to.equal('FIN_ERR_CHALLENGE_INVALID');
      expect(fetch.calls).to.have.length(4);
    });
  });
});
