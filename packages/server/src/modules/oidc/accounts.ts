import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { Agent } from '../agents/store.js';
import { emailInDomains, roleFrom, verifiedEmail, type Claims } from './claims.js';
import type { IdentityProvider } from './providers.js';

/**
 * The council's agent the provider's validated claims name, with the role the claim gives them
 * now. They are found by the provider's subject identifier; the first time, by their verified
 * email among the council's agents, or created. Someone the council maps no role to, or whose
 * email it does not accept, is refused before anything is written.
 */
export async function agentFromClaims(fastify: FastifyInstance, councilId: string, provider: IdentityProvider, claims: Claims): Promise<Agent> {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject === '') throw new AppError('FIN_ERR_OIDC_FAILED', 'The ID token names no subject');
  const role = roleFrom(claims, provider.roles);
  if (!role) throw new AppError('FIN_ERR_OIDC_ROLE_MISSING');
  const email = verifiedEmail(claims);
  if (!emailInDomains(email, provider.emailDomains)) throw new AppError('FIN_ERR_OIDC_EMAIL_REFUSED');

  const { agents } = fastify;
  // An agent an administrator disabled stays out, whatever the provider says of them.
  const disabled = () => new AppError('FIN_ERR_OIDC_ROLE_MISSING', 'This account was disabled at this desk');
  const known = await agents.findBySubject(councilId, subject);
  if (known) {
    if (known.disabledAt !== null) throw disabled();
    await agents.setFromProvider(known.id, { subject, role });
    return { id: known.id, councilId: known.councilId, email: known.email, name: known.name, role };
  }
  if (!email) throw new AppError('FIN_ERR_OIDC_EMAIL_REFUSED', 'Your account at the identity provider has no verified email');
  const byEmail = await agents.findByEmail(email);
  if (byEmail) {
    // An email of another council's agent, or of an agent already linked to another account at
    // the provider, is not taken over.
    if (byEmail.councilId !== councilId || (byEmail.oidcSubject !== null && byEmail.oidcSubject !== subject)) {
      throw new AppError('FIN_ERR_OIDC_EMAIL_REFUSED', 'This email belongs to another account');
    }
    if (byEmail.disabledAt !== null) throw disabled();
    await agents.setFromProvider(byEmail.id, { subject, role });
    return { id: byEmail.id, councilId, email: byEmail.email, name: byEmail.name, role };
  }
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
  return agents.create({ councilId, email, name, role, passwordHash: null, oidcSubject: subject, now: fastify.now() });
}
