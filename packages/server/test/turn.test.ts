import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';
import { CallClient, callsTestEnv, RTP_CAPABILITIES, seedAppointment } from './call-fixtures.js';
import { useTestApp } from './helpers.js';

const SECRET = 'a-secret-shared-with-coturn-0123456789abcdef';
const TURN_URLS = 'turn:turn.vilamar.example:3478?transport=udp,turns:turn.vilamar.example:5349';

describe('a TURN relay for citizens behind strict networks', () => {
  const suite = useTestApp(async (database) => {
    const secretFile = path.join(database.env.DATA_DIR!, 'turn.secret');
    await writeFile(secretFile, `${SECRET}\n`, { mode: 0o600 });
    return { env: { ...callsTestEnv(database), TURN_URLS, TURN_SECRET_FILE: secretFile, TURN_CREDENTIAL_HOURS: '2' }, reminderScheduler: false };
  });

  it('gives each participant credentials of their own that the relay can check and that expire', async () => {
    const { app } = suite;
    const base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    const joinAs = async () => {
      const appointment = await seedAppointment(app, 'alpha');
      const citizen = await CallClient.open(`${base}/api/calls/${appointment.id}/ws?token=${encodeURIComponent(appointment.token)}`);
      const joined = await citizen.call('join', { displayName: 'Marta', rtpCapabilities: RTP_CAPABILITIES });
      await citizen.close();
      return joined as { peerId: string; iceServers: Array<{ urls: string[]; username: string; credential: string }> };
    };
    const before = Math.floor(app.now().getTime() / 1000);
    const [first, second] = [await joinAs(), await joinAs()];
    for (const joined of [first, second]) {
      const turn = joined.iceServers.find((server) => [server.urls].flat().some((url) => url.startsWith('turn')))!;
      assert.deepEqual(turn.urls, TURN_URLS.split(','));
      const [expiry, tag] = turn.username.split(':');
      assert.equal(tag, joined.peerId, 'the username names no person, only the participant');
      assert.ok(Number(expiry) >= before + 2 * 3600 && Number(expiry) <= before + 2 * 3600 + 60, turn.username);
      // What coturn computes with `use-auth-secret`: the HMAC-SHA1 of the username under the shared secret.
      assert.equal(turn.credential, createHmac('sha1', SECRET).update(turn.username).digest('base64'));
      assert.ok(!JSON.stringify(joined).includes(SECRET));
    }
    assert.notEqual(first.iceServers.at(-1)!.credential, second.iceServers.at(-1)!.credential);
  });
});

describe('the TURN settings', () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig({ DEMO: 'true', ...env });
      return [];
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.problems;
    }
  };

  it('want the secret shared with the relay, long enough, and turn: URLs', async () => {
    assert.match(problemsOf({ TURN_URLS }).join('\n'), /^TURN_SECRET_FILE: expected the file holding the secret/m);
    assert.match(problemsOf({ TURN_URLS, TURN_SECRET_FILE: '/nonexistent/turn.secret' }).join('\n'), /^TURN_SECRET_FILE="\/nonexistent\/turn.secret": ENOENT/m);
    const short = path.join(tmpdir(), `turn-short-${process.pid}`);
    await writeFile(short, 'too-short\n');
    assert.match(problemsOf({ TURN_URLS, TURN_SECRET_FILE: short }).join('\n'), /at least 32 characters/);
    assert.match(problemsOf({ TURN_URLS: 'http://turn.example:3478', TURN_SECRET_FILE: short }).join('\n'), /^TURN_URLS=/m);
    await rm(short);
  });
});
