import { createHmac } from 'node:crypto';
import type { AppConfig } from '../../config.js';
import type { IceServer } from './protocol.js';

/**
 * The ICE servers for one participant: the configured STUN/TURN servers, and the TURN relay with
 * a username and password of its own, minted from the secret the relay shares with this server
 * (the TURN REST API coturn implements with `use-auth-secret`): the username is the expiry in
 * Unix seconds and an opaque tag, the password the HMAC-SHA1 of the username. A citizen's browser
 * thus holds credentials that expire, instead of a password that opens the relay to anyone.
 */
export function iceServersFor(calls: AppConfig['calls'], tag: string, now: Date): IceServer[] {
  if (!calls.turn) return calls.iceServers;
  const username = `${Math.floor(now.getTime() / 1000) + calls.turn.ttlSeconds}:${tag}`;
  const credential = createHmac('sha1', calls.turn.secret).update(username).digest('base64');
  return [...calls.iceServers, { urls: calls.turn.urls, username, credential }];
}
